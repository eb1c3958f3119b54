using System.Globalization;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Cli;

/// <summary>Human-readable pieces shared by the commands (no mathematics here).</summary>
public static class Report
{
    public const int KnotListLimit = 20;

    /// <summary>Prints the linear part and the knots of a 1-D network as x-locations with slope changes.</summary>
    public static void PrintUnivariate(ShallowReluNetwork net, TextWriter w)
    {
        var (alpha, beta, knots, changes) = UnivariateSweep.HingeForm(net);
        w.WriteLine($"  linear part: {Show(alpha)}·x + {Show(beta)}");
        if (knots.Length == 0) { w.WriteLine("  no knots: the interpolant is linear"); return; }
        w.WriteLine($"  {"knot x",-24} {"slope change",-24}");
        for (int k = 0; k < Math.Min(knots.Length, KnotListLimit); k++)
            w.WriteLine($"  {Show(knots[k]),-24} {Show(changes[k], signed: true),-24}");
        if (knots.Length > KnotListLimit) w.WriteLine($"  … and {knots.Length - KnotListLimit} more knots (use --out or --json for all)");
    }

    /// <summary>Prints the neurons of a multivariate network: v·([w]·x + b)_+.</summary>
    public static void PrintMultivariate(ShallowReluNetwork net, TextWriter w)
    {
        if (net.Skip is not null) w.WriteLine($"  linear part: a = ({string.Join(", ", net.Skip.A.Select(a => Show(a)))}), c = {Show(net.Skip.C)}");
        for (int k = 0; k < Math.Min(net.Neurons.Count, KnotListLimit); k++)
        {
            var n = net.Neurons[k];
            w.WriteLine($"  neuron {k + 1}: v = {Show(n.V)}, w = ({string.Join(", ", n.W.Select(x => Show(x)))}), b = {Show(n.B)}");
        }
        if (net.Neurons.Count > KnotListLimit) w.WriteLine($"  … and {net.Neurons.Count - KnotListLimit} more neurons");
    }

    /// <summary>Exact value, with a decimal approximation when it is not an integer.</summary>
    public static string Show(Rational r, bool signed = false)
    {
        string exact = r.ToString();
        if (signed && r.Sign > 0) exact = "+" + exact;
        if (r.IsInteger) return exact;
        string approx = r.ToDouble().ToString("G6", CultureInfo.InvariantCulture);
        return exact.Length > 16 ? $"≈{approx}" : $"{exact} (≈{approx})";
    }

    public static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
