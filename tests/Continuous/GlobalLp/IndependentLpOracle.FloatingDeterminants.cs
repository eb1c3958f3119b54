using System.Numerics;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// floating-point determinants, cofactors and dot products with a rigorous error bound.
public static partial class IndependentLpOracle
{
    private sealed partial class VertexSearch
    {
        /// <summary>The determinant and permanent of the square matrix (columns cols[c0 .. c0+count), the rows in the
        /// bit mask), by Laplace expansion along the first column.</summary>
        private static double Minor(double[][] cols, int c0, int count, int rowMask, out double perm)
        {
            if (count == 0) { perm = 1; return 1; }
            double det = 0, pm = 0;
            int sign = 1;
            for (int mask = rowMask; mask != 0; mask &= mask - 1)
            {
                int r = BitOperations.TrailingZeroCount(mask);
                double a = cols[c0][r];
                if (a != 0)
                {
                    double sub = Minor(cols, c0 + 1, count - 1, rowMask & ~(1 << r), out double sp);
                    det += sign * a * sub;
                    pm += Math.Abs(a) * sp;
                }
                sign = -sign;
            }
            perm = pm;
            return det;
        }

        /// <summary>Bound on |computed − exact| for a Laplace determinant of integers of size m ≤ 5. When the computed
        /// permanent is below 2^51 the true one is below 2^52, every partial product and sum is an integer bounded by it,
        /// and the arithmetic is exact. Otherwise each term passes through at most m(m+1)/2 ≤ 15 roundings (one product
        /// and a chain of sums per level): |error| ≤ γ_15 · permanent ≈ 1.7e-15 · permanent (the computed permanent is
        /// within a factor 1 + γ_15 of the true one); 1e-14 leaves a margin.</summary>
        private static double Error(double perm) => perm < ExactBelow / 2 ? 0 : 1e-14 * perm;

        /// <summary>The sign when the error bound decides it (0 only when exactly zero), else null.</summary>
        private static int? CertainSign(double v, double err) => Math.Abs(v) > err ? Math.Sign(v) : err == 0 ? 0 : null;

        /// <summary>Determinants and permanents of the minors of the columns cols[c..] on the row masks of size
        /// (#columns − c), for every level c: the Laplace recursion of <see cref="Minor"/> run bottom-up and shared between
        /// the N cofactors (same operations in the same order, so the same error bound).</summary>
        private sealed class MinorTable(int n)
        {
            public readonly double[][] Det = Enumerable.Range(0, n).Select(_ => new double[1 << n]).ToArray();
            public readonly double[][] Perm = Enumerable.Range(0, n).Select(_ => new double[1 << n]).ToArray();

            public void CopyLevelsFrom(MinorTable other, int from)
            {
                for (int c = from; c < Det.Length; c++)
                {
                    Array.Copy(other.Det[c], Det[c], Det[c].Length);
                    Array.Copy(other.Perm[c], Perm[c], Perm[c].Length);
                }
            }
        }

        private readonly MinorTable _minorsOfPrefix, _minorsOfReplaced;
        private readonly int[][] _masksBySize;

        /// <summary>Fills the levels top..0 of the table for k = cols.Length columns (level k is the empty minor 1).</summary>
        private void FillMinors(double[][] cols, MinorTable table, int top)
        {
            int k = cols.Length;
            for (int c = top; c >= 0; c--)
            {
                var det = table.Det[c];
                var perm = table.Perm[c];
                foreach (int mask in _masksBySize[k - c])
                {
                    double sum = 0, pm = 0;
                    int sign = 1;
                    for (int rest = mask; rest != 0; rest &= rest - 1)
                    {
                        int r = BitOperations.TrailingZeroCount(rest);
                        double a = cols[c][r];
                        if (a != 0)
                        {
                            int sub = mask & ~(1 << r);
                            double subDet = c + 1 == k ? 1 : table.Det[c + 1][sub];
                            double subPerm = c + 1 == k ? 1 : table.Perm[c + 1][sub];
                            sum += sign * a * subDet;
                            pm += Math.Abs(a) * subPerm;
                        }
                        sign = -sign;
                    }
                    det[mask] = sum;
                    perm[mask] = pm;
                }
            }
        }

        /// <summary>The cofactor vector n of the N − 1 columns of the table (n·g = det[cols | g]) with error bounds.</summary>
        private (double[] V, double[] E) Cofactors(MinorTable table)
        {
            int all = (1 << _n) - 1, last = _n - 1;
            var v = new double[_n];
            var e = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                int rows = all & ~(1 << i);
                double det = last == 0 ? 1 : table.Det[0][rows];
                double perm = last == 0 ? 1 : table.Perm[0][rows];
                v[i] = ((i + last) % 2 == 0 ? 1 : -1) * det;
                e[i] = Error(perm);
            }
            return (v, e);
        }

        /// <summary>n·g for exact integer g and n known within e: the rounding of the sum (≤ γ_5 Σ|n g|) plus Σ e|g|.</summary>
        private static double Dot(double[] n, double[] e, double[] g, out double err)
        {
            double v = 0, abs = 0, eg = 0;
            for (int i = 0; i < n.Length; i++)
            {
                double t = n[i] * g[i];
                v += t;
                abs += Math.Abs(t);
                eg += e[i] * Math.Abs(g[i]);
            }
            err = eg == 0 && abs < ExactBelow / 2 ? 0 : 1.0001 * eg + 2e-15 * abs;
            return v;
        }

        private IEnumerable<int> RowMasks(int size)
        {
            for (int mask = 0; mask < 1 << _n; mask++) if (BitOperations.PopCount((uint)mask) == size) yield return mask;
        }
    }
}
