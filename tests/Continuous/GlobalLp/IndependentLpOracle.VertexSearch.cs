using System.Numerics;
using Verifier.Shared.Data;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// the search state, the integer scaling of the data and the depth-first search over independent generator sets.
public static partial class IndependentLpOracle
{
    private sealed partial class VertexSearch
    {
        private const double ExactBelow = 4503599627370496.0; // 2^52: integer arithmetic in double is exact below it
        // Weights from floating-point Cramer quotients are used only when each factor is known to a relative 1e-8: the
        // values then rank candidates far inside the 1e-6 window that Finish re-evaluates exactly.
        private const double Accuracy = 1e-8;
        private readonly Dataset _data;
        private readonly double[] _ps;
        private readonly int _n, _m;
        private readonly Rational _yScale;          // Y = y · _yScale
        private readonly BigInteger[] _yExact;
        private readonly double[] _y;
        private readonly List<Generator> _gens = [];
        private readonly int[] _chosen;
        private readonly double[] _best;
        private readonly List<Candidate>[] _near;
        private long _vertices, _exactSigns, _exactSolves;

        public VertexSearch(Dataset data, double[] ps)
        {
            _data = data; _ps = ps;
            _n = data.Count; _m = data.Dimension + 1;
            _chosen = new int[_n];
            _best = Enumerable.Repeat(double.PositiveInfinity, ps.Length).ToArray();
            _near = ps.Select(_ => new List<Candidate>()).ToArray();
            _minorsOfPrefix = new MinorTable(_n);
            _minorsOfReplaced = new MinorTable(_n);
            _masksBySize = Enumerable.Range(0, _n + 1)
                .Select(size => Enumerable.Range(0, 1 << _n).Where(m => BitOperations.PopCount((uint)m) == size).ToArray()).ToArray();
            var lifted = new Rational[_n][];
            for (int i = 0; i < _n; i++)
            {
                lifted[i] = new Rational[_m];
                for (int j = 0; j < _m - 1; j++) lifted[i][j] = data.X(i, j);
                lifted[i][_m - 1] = Rational.One;
            }
            // Integer scaling: column j of X̄ times the lcm of its denominators; y times the lcm of its denominators.
            var colScale = new BigInteger[_m];
            var xi = new BigInteger[_n][];
            for (int j = 0; j < _m; j++) colScale[j] = Lcm(Enumerable.Range(0, _n).Select(i => lifted[i][j].Denominator));
            for (int i = 0; i < _n; i++)
                xi[i] = Enumerable.Range(0, _m).Select(j => lifted[i][j].Numerator * (colScale[j] / lifted[i][j].Denominator)).ToArray();
            var yLcm = Lcm(Enumerable.Range(0, _n).Select(i => data.Y(i).Denominator));
            _yScale = Rational.FromInteger(yLcm);
            _yExact = Enumerable.Range(0, _n).Select(i => data.Y(i).Numerator * (yLcm / data.Y(i).Denominator)).ToArray();
            _y = _yExact.Select(ToExactDouble).ToArray();
            BuildGenerators(xi, colScale);
        }

        public Result Run()
        {
            if (_yExact.All(v => v.IsZero))
            {
                var empty = new ShallowReluNetwork(_m - 1, [], null);
                return new Result(_ps.Select(p => new Minimum(p, 0, 0, 0, empty, [(0.0, 0)])).ToList(), _gens.Count, 1, 0, 0);
            }
            if (_n == 1) Prefix(0, 0);
            else Extend(0, 0);
            var minima = new List<Minimum>();
            var exactWeights = new Dictionary<string, Rational[]>();
            for (int q = 0; q < _ps.Length; q++) minima.Add(Finish(q, exactWeights));
            return new Result(minima, _gens.Count, _vertices, _exactSigns, _exactSolves);
        }

        // ----- the depth-first search over independent generator sets -----

        /// <summary>_chosen[0..k) is independent, k ≤ N − 2: extend it by every later generator.</summary>
        private void Extend(int k, int start)
        {
            for (int j = start; j < _gens.Count; j++)
            {
                _chosen[k] = j;
                if (k + 1 == _n - 1) { Prefix(k + 1, j + 1); continue; }
                if (!Independent(k + 1)) continue;
                TrySmallBasis(k + 1);
                Extend(k + 1, j + 1);
            }
        }

        /// <summary>_chosen[0..k) with k = N − 1 (not yet known independent): records it if y = Σ λ g with λ &gt; 0, then
        /// scans every later generator g for a positive basis S' ∪ {g}. With n the cofactor vector of S' (n·g =
        /// det[S'|g]) and n^(j) that of S' with its j-th column replaced by Y, Cramer's rule gives λ_g = n·Y / n·g and
        /// λ_j = n^(j)·g / n·g.</summary>
        private void Prefix(int k, int start)
        {
            var cols = new double[k][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            FillMinors(cols, _minorsOfPrefix, k - 1);
            var (nv, ne) = Cofactors(_minorsOfPrefix);
            if (!AnyNonzeroCofactor(cols, nv, ne)) return; // S' dependent

            var withY = cols.Append(_y).ToArray();
            double a0 = Dot(nv, ne, _y, out double a0Err);
            int s0 = CertainSign(a0, a0Err) ?? ExactMinorSign(withY, (1 << _n) - 1);
            if (s0 == 0) { TryExactBasis(_chosen[..k]); return; } // y ∈ span(S'): S' itself is the only candidate
            var colsY = new (double[] V, double[] E)[k];
            for (int j = 0; j < k; j++)
            {
                // The columns after j are those of S': only the levels 0..j of the minor table change.
                var replaced = (double[][])cols.Clone();
                replaced[j] = _y;
                _minorsOfReplaced.CopyLevelsFrom(_minorsOfPrefix, j + 1);
                FillMinors(replaced, _minorsOfReplaced, j);
                colsY[j] = Cofactors(_minorsOfReplaced);
            }
            var members = new int[k + 1];
            Array.Copy(_chosen, members, k);
            var mu = new double[k + 1];
            var square = new double[k + 1][];
            for (int g = start; g < _gens.Count; g++)
            {
                var out_ = _gens[g].Output;
                members[k] = g;
                double det = Dot(nv, ne, out_, out double detErr);
                int sd = CertainSign(det, detErr) ?? ExactMinorSign(Append(square, cols, out_), (1 << _n) - 1);
                if (sd != s0) continue; // dependent (0) or λ_g < 0
                // Weights from the floating-point quotients only when every factor is accurate (see Accuracy).
                bool exact = Math.Abs(det) * Accuracy < detErr || Math.Abs(a0) * Accuracy < a0Err;
                bool rejected = false;
                for (int j = 0; j < k && !rejected; j++)
                {
                    double aj = Dot(colsY[j].V, colsY[j].E, out_, out double ajErr);
                    int? certain = CertainSign(aj, ajErr);
                    if (certain is null)
                    {
                        var replaced = (double[][])cols.Clone();
                        replaced[j] = _y;
                        certain = ExactMinorSign(Append(square, replaced, out_), (1 << _n) - 1);
                        exact = true;
                    }
                    if (certain != s0) rejected = true; // λ_j ≤ 0
                    else if (Math.Abs(aj) * Accuracy < ajErr) exact = true;
                    else mu[j] = aj / det;
                }
                if (rejected) continue;
                if (exact) { TryExactBasis(members); continue; }
                mu[k] = a0 / det;
                Record(members, mu);
            }
        }

        private static double[][] Append(double[][] target, double[][] cols, double[] last)
        {
            Array.Copy(cols, target, cols.Length);
            target[cols.Length] = last;
            return target;
        }

        /// <summary>A set of size k &lt; N − 1: y = Σ λ g with λ &gt; 0 needs y in its span; some (k+1)-minor of [S|Y] that is
        /// certainly nonzero rules that out, otherwise decide exactly.</summary>
        private void TrySmallBasis(int k)
        {
            var cols = new double[k + 1][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            cols[k] = _y;
            if (AnyNonzeroMinor(cols, k + 1)) return;
            TryExactBasis(_chosen[..k]);
        }

        private bool Independent(int k)
        {
            var cols = new double[k][];
            for (int c = 0; c < k; c++) cols[c] = _gens[_chosen[c]].Output;
            return AnyNonzeroMinor(cols, k);
        }

        /// <summary>Decides exactly whether the columns are independent with y = Σ λ g, λ &gt; 0; records it if so.</summary>
        private void TryExactBasis(int[] members)
        {
            _exactSolves++;
            var mu = SolveExact(members.Select(c => _gens[c].OutputExact).ToList(), _yExact, out bool consistent);
            if (mu is null || !consistent || mu.Any(x => x.Sign <= 0)) return;
            Record(members, mu.Select(x => x.ToDouble()).ToArray());
        }
    }
}
