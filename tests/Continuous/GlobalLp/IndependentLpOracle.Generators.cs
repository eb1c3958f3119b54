using System.Numerics;
using Verifier.Shared.Numbers;

namespace Verifier.Tests.Continuous.GlobalLp;

// Part of the independent ℓ^p oracle (IndependentLpOracle.cs; own code, sharing none with src/Continuous or src/Reformulation):
// the generators — the rays of the hyperplane arrangement with a sign and a nonzero output on the data.
public static partial class IndependentLpOracle
{
    private sealed class Generator
    {
        public required BigInteger[] OutputExact { get; init; } // s (X̄ρ)_+ in the integer scaling, primitive
        public required double[] Output { get; init; }          // the same, exactly representable
        public required Rational[] Ray { get; init; }           // ρ in the original coordinates
        public required double[] RayDouble { get; init; }
        public required int Sign { get; init; }
        public required int DataPos { get; init; }
        public required int DataNeg { get; init; }
        public required int CoordPos { get; init; }
        public required int CoordNeg { get; init; }
        public required double[] LogCost { get; init; }         // ln Σ_j |ρ_j|^p for each p
        public int Support => CoordPos | CoordNeg;

        public bool CompatibleWith(Generator o) =>
            Sign == o.Sign && (DataPos & o.DataNeg) == 0 && (DataNeg & o.DataPos) == 0
            && (CoordPos & o.CoordNeg) == 0 && (CoordNeg & o.CoordPos) == 0;
    }

    private sealed partial class VertexSearch
    {
        private static BigInteger Lcm(IEnumerable<BigInteger> values) =>
            values.Aggregate(BigInteger.One, (a, b) => a / BigInteger.GreatestCommonDivisor(a, b) * b);

        private static double ToExactDouble(BigInteger v) =>
            BigInteger.Abs(v) < new BigInteger(ExactBelow) ? (double)v
                : throw new NotSupportedException("data too large for the oracle's integer scaling (entries beyond 2^52)");

        /// <summary>The rays of the arrangement {x̄_i·z = 0} ∪ {z_j = 0}: the null lines of every d-subset of rank d (the
        /// generalised cross product), both directions; then the generators (ρ, ±1) with nonzero output.</summary>
        private void BuildGenerators(BigInteger[][] xi, BigInteger[] colScale)
        {
            int d = _m - 1;
            var planes = new List<BigInteger[]>(xi);
            for (int j = 0; j < _m; j++)
            {
                var e = new BigInteger[_m];
                e[j] = BigInteger.One;
                planes.Add(e);
            }
            var seen = new HashSet<string>();
            var rays = new List<BigInteger[]>();
            foreach (var subset in Subsets(planes.Count, d))
            {
                var v = new BigInteger[_m];
                for (int j = 0; j < _m; j++)
                {
                    var minor = new BigInteger[d][];
                    for (int r = 0; r < d; r++)
                        minor[r] = Enumerable.Range(0, _m).Where(c => c != j).Select(c => planes[subset[r]][c]).ToArray();
                    v[j] = (j % 2 == 0 ? 1 : -1) * ExactDeterminant(minor);
                }
                var g = v.Aggregate(BigInteger.Zero, (a, b) => BigInteger.GreatestCommonDivisor(a, b));
                if (g.IsZero) continue; // rank < d: not a line
                v = v.Select(x => x / g).ToArray();
                if (v.First(x => !x.IsZero).Sign < 0) v = v.Select(x => -x).ToArray();
                if (!seen.Add(string.Join(",", v))) continue;
                rays.Add(v);
                rays.Add(v.Select(x => -x).ToArray());
            }
            foreach (var r in rays)
            {
                var t = xi.Select(row => Enumerable.Range(0, _m).Aggregate(BigInteger.Zero, (acc, j) => acc + row[j] * r[j])).ToArray();
                var plus = t.Select(x => x.Sign > 0 ? x : BigInteger.Zero).ToArray();
                var scale = plus.Aggregate(BigInteger.Zero, (a, b) => BigInteger.GreatestCommonDivisor(a, b));
                if (scale.IsZero) continue; // the ray's neuron is dead on the data
                // X̄ρ = t / scale with ρ_j = colScale_j r_j / scale, so (X̄ρ)_+ = plus / scale is primitive.
                var ray = Enumerable.Range(0, _m).Select(j => Rational.Create(colScale[j] * r[j], scale)).ToArray();
                var rayDouble = ray.Select(x => x.ToDouble()).ToArray();
                int dataPos = 0, dataNeg = 0, coordPos = 0, coordNeg = 0;
                for (int i = 0; i < _n; i++) { if (t[i].Sign > 0) dataPos |= 1 << i; if (t[i].Sign < 0) dataNeg |= 1 << i; }
                for (int j = 0; j < _m; j++) { if (r[j].Sign > 0) coordPos |= 1 << j; if (r[j].Sign < 0) coordNeg |= 1 << j; }
                var logCost = _ps.Select(p => Math.Log(ray.Where(x => !x.IsZero).Sum(x => Math.Exp(p * x.LogAbs())))).ToArray();
                foreach (int s in new[] { 1, -1 })
                {
                    var output = plus.Select(x => s * x / scale).ToArray();
                    _gens.Add(new Generator
                    {
                        OutputExact = output, Output = output.Select(ToExactDouble).ToArray(), Ray = ray, RayDouble = rayDouble,
                        Sign = s, DataPos = dataPos, DataNeg = dataNeg, CoordPos = coordPos, CoordNeg = coordNeg, LogCost = logCost,
                    });
                }
            }
        }
    }
}
