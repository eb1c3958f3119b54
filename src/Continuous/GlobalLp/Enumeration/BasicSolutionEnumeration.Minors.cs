using System.Numerics;

namespace Verifier.Continuous.GlobalLp.Enumeration;

public static partial class BasicSolutionEnumeration
{
    /// <summary>
    /// The cofactor vectors of the last level of the search (<see cref="Search.ScanLast"/>) when every output and label
    /// is an integer below 2^53 (always so on data with a few decimals): the N − 1 chosen outputs S, and S with one column
    /// replaced by y, share their Laplace expansions bottom-up over row subsets (columns c.. on a row mask, from the
    /// minors of columns c + 1..), in plain doubles with an a-priori error bound instead of a
    /// <see cref="BoundedFloat"/> per operation.
    /// </summary>
    /// <remarks>
    /// <para><b>Error bound.</b> Let D_s be a minor of size s computed by D_s = Σ_r ±a_r·D_{s−1}(r) (products, then a
    /// recursive sum of at most s terms: each term passes through at most s roundings, u = 2^-53) and P_s the same sum of
    /// |a_r|·P_{s−1}(r) (the permanent of the absolute entries). With entries exact, |D̂_s − D_s| ≤ ε_s·P_s where
    /// ε_1 = 0 and ε_s = ε_{s−1}(1 + γ_s) + γ_s, γ_s = s·u/(1 − s·u); so ε_m ≤ γ_{m(m+1)/2}, and the computed permanent
    /// is at least P_m·(1 − γ_{m(m+1)/2}). The bound used is 2·γ_{m(m+1)/2}·P̂_m. When P̂_m &lt; 2^51 the true permanent is
    /// below 2^52, every product and partial sum that enters the minor is an integer of at most that size, and the
    /// computation is exact (bound 0). A dot product n·g of such a cofactor vector (entries n_i within e_i) with an
    /// exact integer vector g of length N is within Σ e_i|g_i| + γ_N·Σ|n_i g_i| (computed sums, widened by 1 + 2γ_{N+1}),
    /// and exact when every e_i is 0 and Σ|n_i g_i| &lt; 2^51. A bound of 0 proves the value, zero included.</para>
    /// </remarks>
    internal sealed class SharedMinors
    {
        /// <summary>Row sets above this many points use the <see cref="BoundedFloat"/> path (the tables hold 2^N entries).</summary>
        public const int MaxPoints = 10;

        /// <summary>Whether the last level of an enumeration of <paramref name="a"/> can use shared minors: every output and
        /// label an exact double, and 2 ≤ N ≤ <see cref="MaxPoints"/>.</summary>
        public static bool Applies(ArrangementGenerators a) => a.ExactInDouble && a.Points >= 2 && a.Points <= MaxPoints;

        private const double ExactBelow = 2251799813685248.0; // 2^51
        private readonly int _n;
        private readonly int[][] _masksBySize;
        private readonly double[][] _det, _perm, _detJ, _permJ;

        public SharedMinors(int n)
        {
            _n = n;
            _masksBySize = Enumerable.Range(0, n + 1)
                .Select(size => Enumerable.Range(0, 1 << n).Where(m => BitOperations.PopCount((uint)m) == size).ToArray()).ToArray();
            double[][] Table() => Enumerable.Range(0, n).Select(_ => new double[1 << n]).ToArray();
            _det = Table(); _perm = Table(); _detJ = Table(); _permJ = Table();
        }

        /// <summary>γ_t = t·u/(1 − t·u).</summary>
        private static double Gamma(int t) => t * BoundedFloat.U / (1 - t * BoundedFloat.U);

        /// <summary>The error bound of a minor of size m with computed permanent <paramref name="perm"/>.</summary>
        private static double MinorError(int m, double perm) => perm < ExactBelow ? 0 : 2 * Gamma(m * (m + 1) / 2) * perm;

        /// <summary>cof[j] for j &lt; k: the cofactor vector (along a last column) of S with column j replaced by y;
        /// cof[k]: that of S itself; so det[S | g] = cof[k]·g and det[S_j | g] = cof[j]·g. S = <paramref name="columns"/>
        /// (k = N − 1 exact integer columns), y = <paramref name="labels"/>.</summary>
        public void Cofactors(double[][] columns, double[] labels, BoundedFloat[][] cof)
        {
            int k = columns.Length;
            Fill(columns, _det, _perm, k - 1);
            Read(_det, _perm, k, cof[k]);
            var replaced = (double[][])columns.Clone();
            for (int j = 0; j < k; j++)
            {
                // Columns after j are those of S: only the levels 0..j change.
                for (int c = j + 1; c < k; c++)
                {
                    Array.Copy(_det[c], _detJ[c], _det[c].Length);
                    Array.Copy(_perm[c], _permJ[c], _perm[c].Length);
                }
                replaced[j] = labels;
                Fill(replaced, _detJ, _permJ, j);
                replaced[j] = columns[j];
                Read(_detJ, _permJ, k, cof[j]);
            }
        }

        /// <summary>Levels top..0 of the tables for the k columns: level c holds, for each row mask of size k − c, the
        /// minor of columns c..k−1 on those rows (level k, not stored, is the empty minor 1).</summary>
        private void Fill(double[][] cols, double[][] det, double[][] perm, int top)
        {
            int k = cols.Length;
            for (int c = top; c >= 0; c--)
            {
                var d = det[c];
                var pm = perm[c];
                var column = cols[c];
                bool last = c + 1 == k;
                var subDet = last ? null : det[c + 1];
                var subPerm = last ? null : perm[c + 1];
                foreach (int mask in _masksBySize[k - c])
                {
                    double sum = 0, abs = 0;
                    int sign = 1;
                    for (int rest = mask; rest != 0; rest &= rest - 1)
                    {
                        int r = BitOperations.TrailingZeroCount(rest);
                        double a = column[r];
                        if (a != 0)
                        {
                            int sub = mask & ~(1 << r);
                            sum += sign * a * (last ? 1 : subDet![sub]);
                            abs += Math.Abs(a) * (last ? 1 : subPerm![sub]);
                        }
                        sign = -sign;
                    }
                    d[mask] = sum;
                    pm[mask] = abs;
                }
            }
        }

        /// <summary>The cofactors (row i, last column) of the N × N matrix [columns | ·] from level 0 of the tables.</summary>
        private void Read(double[][] det, double[][] perm, int k, BoundedFloat[] cof)
        {
            int all = (1 << _n) - 1;
            for (int i = 0; i < _n; i++)
            {
                int rows = all & ~(1 << i);
                double v = k == 0 ? 1 : det[0][rows];
                double e = k == 0 ? 0 : MinorError(k, perm[0][rows]);
                cof[i] = new BoundedFloat(((i + k) & 1) == 0 ? v : -v, e);
            }
        }

        /// <summary>n·g with its error bound, for exact integer entries g.</summary>
        public static BoundedFloat Dot(BoundedFloat[] n, double[] g)
        {
            double v = 0, abs = 0, eg = 0;
            for (int i = 0; i < n.Length; i++)
            {
                double t = n[i].Value * g[i];
                v += t;
                abs += Math.Abs(t);
                eg += n[i].Error * Math.Abs(g[i]);
            }
            if (eg == 0 && abs < ExactBelow) return new BoundedFloat(v, 0);
            double gamma = Gamma(n.Length + 1);
            return new BoundedFloat(v, (eg + Gamma(n.Length) * abs) * (1 + 2 * gamma) + double.Epsilon);
        }
    }
}
