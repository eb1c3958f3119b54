using System.Numerics;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// independence tests and exact signs of minors (floating point with an error bound first; undecided signs by
// residues modulo primes, then Bareiss).
public static partial class IndependentLpOracle
{
    private sealed partial class VertexSearch
    {
        /// <summary>Whether the size × size minors of the columns (over every choice of rows) are not all zero, i.e. the
        /// columns are independent: floating point with error bound first, then exactly for the undecided ones.</summary>
        private bool AnyNonzeroMinor(double[][] cols, int size)
        {
            var undecided = new List<int>();
            foreach (int rows in RowMasks(size))
            {
                double det = Minor(cols, 0, size, rows, out double perm);
                int? s = CertainSign(det, Error(perm));
                if (s is int v && v != 0) return true;
                if (s is null) undecided.Add(rows);
            }
            return undecided.Any(rows => ExactMinorSign(cols, rows) != 0);
        }

        /// <summary>The cofactors are the (N−1)-minors of S' up to sign: S' is independent iff one is nonzero.</summary>
        private bool AnyNonzeroCofactor(double[][] cols, double[] v, double[] e)
        {
            var undecided = new List<int>();
            for (int i = 0; i < v.Length; i++)
            {
                int? s = CertainSign(v[i], e[i]);
                if (s is int x && x != 0) return true;
                if (s is null) undecided.Add(i);
            }
            int all = (1 << _n) - 1;
            return undecided.Any(i => ExactMinorSign(cols, all & ~(1 << i)) != 0);
        }

        /// <summary>The exact sign of the square minor (the columns, the rows in the mask); the entries are integers held
        /// exactly in doubles. Zero is certified modularly: if the determinant vanishes modulo distinct primes whose
        /// product exceeds Hadamard's bound Π‖column‖₂ ≥ |det|, it is 0 (the only multiple of the product in range).
        /// Otherwise Bareiss over BigInteger gives the sign.</summary>
        private int ExactMinorSign(double[][] cols, int rowMask)
        {
            _exactSigns++;
            int size = BitOperations.PopCount((uint)rowMask);
            double log2Bound = 1; // one bit of slack for the rounding of the norms
            foreach (var c in cols)
            {
                double sq = 0;
                for (int i = 0; i < _n; i++) if ((rowMask >> i & 1) == 1) sq += c[i] * c[i];
                log2Bound += sq == 0 ? 0 : 0.5 * Math.Log2(sq) + 1e-9;
            }
            bool zero = true;
            double log2Product = 0;
            for (int t = 0; zero && log2Product <= log2Bound; t++)
            {
                ulong prime = Primes[t];
                zero = ModularDeterminant(cols, rowMask, size, prime) == 0;
                log2Product += Math.Log2(prime) - 1e-9;
            }
            if (zero) return 0;
            var rows = Enumerable.Range(0, _n).Where(i => (rowMask >> i & 1) == 1).ToArray();
            var m = rows.Select(i => cols.Select(c => new BigInteger(c[i])).ToArray()).ToArray();
            return ExactDeterminant(m).Sign;
        }

        private ulong ModularDeterminant(double[][] cols, int rowMask, int size, ulong prime)
        {
            Span<ulong> a = stackalloc ulong[size * size];
            int r = 0;
            for (int i = 0; i < _n; i++)
            {
                if ((rowMask >> i & 1) == 0) continue;
                for (int c = 0; c < size; c++)
                {
                    long v = (long)cols[c][i] % (long)prime;
                    a[r * size + c] = (ulong)(v < 0 ? v + (long)prime : v);
                }
                r++;
            }
            ulong det = 1;
            for (int c = 0; c < size; c++)
            {
                int p = c;
                while (p < size && a[p * size + c] == 0) p++;
                if (p == size) return 0;
                if (p != c)
                {
                    for (int j = 0; j < size; j++) (a[c * size + j], a[p * size + j]) = (a[p * size + j], a[c * size + j]);
                    det = (prime - det) % prime;
                }
                ulong pivot = a[c * size + c];
                det = det * pivot % prime;
                ulong inverse = ModInverse(pivot, prime);
                for (int i = c + 1; i < size; i++)
                {
                    ulong f = a[i * size + c] * inverse % prime;
                    if (f == 0) continue;
                    for (int j = c; j < size; j++) a[i * size + j] = (a[i * size + j] + (prime - f) * a[c * size + j]) % prime;
                }
            }
            return det;
        }

        private static ulong ModInverse(ulong a, ulong prime)
        {
            long t = 0, newT = 1, r = (long)prime, newR = (long)a;
            while (newR != 0)
            {
                long q = r / newR;
                (t, newT) = (newT, t - q * newT);
                (r, newR) = (newR, r - q * newR);
            }
            return (ulong)(t < 0 ? t + (long)prime : t);
        }

        /// <summary>The largest primes below 2^31 (so a product of two residues fits in a ulong), by trial division.</summary>
        private static readonly ulong[] Primes = FindPrimes(24);

        private static ulong[] FindPrimes(int count)
        {
            var result = new List<ulong>();
            for (ulong q = (1UL << 31) - 1; result.Count < count; q -= 2)
            {
                bool prime = true;
                for (ulong f = 3; f * f <= q && prime; f += 2) prime = q % f != 0;
                if (prime) result.Add(q);
            }
            return result.ToArray();
        }
    }
}
