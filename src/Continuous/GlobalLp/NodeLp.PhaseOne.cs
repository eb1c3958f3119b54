using Google.OrTools.LinearSolver;
using Verifier.Shared.Numbers;
using Verifier.Reformulation;

namespace Verifier.Continuous.GlobalLp;

internal sealed partial class NodeLp
{
    /// <summary>
    /// Whether the box [lo, hi] provably contains no point of the polyhedron (so the node can be dropped). A failed
    /// node LP proves nothing; this asks a phase-1 LP instead: every row made elastic (A w + e⁺ − e⁻ = y,
    /// G w + e ≥ 0, cost Σ e, always feasible), and its duals checked rigorously. For any λ, μ ≥ 0 and any w of the box with A w = y, G w ≥ 0:
    /// λ·y = λ·A w ≤ λ·A w + μ·G w = a·w ≤ Σ_v max_{t ∈ [lo_v, hi_v]} a_v t, with a = Aᵀλ + Gᵀμ. So
    /// λ·y − Σ_v max_t a_v t &gt; 0 proves the box empty. It is evaluated with a_v rounded up (t ≥ 0) and a rounding
    /// margin on both sums; an infinite upper end with a_v &gt; 0, or anything non-finite, proves nothing.
    /// </summary>
    public bool ProvesEmpty(double[] lo, double[] hi, double seconds) =>
        (_phaseOne ??= new NodeLp(Polyhedron, elastic: true)).PhaseOneCertificate(lo, hi, seconds);

    private bool PhaseOneCertificate(double[] lo, double[] hi, double seconds)
    {
        double limit = Math.Min(seconds, MaxSecondsPerLp);
        if (!(limit > 0)) return false;
        _calls++;
        _solver.SetTimeLimit(Math.Max(1L, (long)Math.Ceiling(limit * 1000)));
        var objective = _solver.Objective();
        for (int v = 0; v < _w.Length; v++)
        {
            _w[v].SetBounds(lo[v], hi[v]);
            objective.SetCoefficient(_w[v], 0);
        }
        foreach (var e in _elastic) objective.SetCoefficient(e, 1);
        objective.SetMinimization();
        {
            if (_solver.Solve() != Solver.ResultStatus.OPTIMAL) return false;
            var (dual, rowSum, rowAbs) = Multipliers(costScale: 1);
            double boxSum = 0, boxAbs = 0;
            for (int v = 0; v < _w.Length; v++)
            {
                double a = CoefficientUp(v, dual);
                double most = a > 0 ? a * hi[v] : a * lo[v];
                if (!double.IsFinite(most)) return false;
                boxSum += most; boxAbs += Math.Abs(most);
            }
            // (i) λ_r y_r: y rounded to double and the product, 2u each; (ii) the products a_v t, u each; (iii) both
            // recursive sums, γ_n (Higham, Thm 4.2); u' = 1.2e-16 absorbs the second-order terms.
            int n = _rows.Count + _w.Length;
            double margin = (n + 6) * 1.2e-16 * (rowAbs + boxAbs) + 4 * n * double.Epsilon;
            double certificate = rowSum - boxSum - margin;
            return double.IsFinite(certificate) && certificate > 0;
        }
    }
}
