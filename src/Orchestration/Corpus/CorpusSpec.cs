using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Exact.Problems;
using Verifier.Shared.Networks;
using Verifier.Orchestration.Data;

namespace Verifier.Orchestration.Corpus;

/// <summary>
/// What a corpus is: instances 0 … Count − 1, instance i with N_i = MinPoints + (i mod (MaxPoints − MinPoints + 1))
/// points in dimension Dim, drawn by <see cref="InstanceGenerators"/> from the stream seeded by
/// <see cref="InstanceSeed.Derive"/>(Seed, i). The same spec gives the same records (up to their timings, and up to
/// solves that hit <see cref="TimeLimitSeconds"/>, whose bounds depend on the machine).
/// </summary>
/// <param name="Objective">null: the paper's default (neurons in 1-D, parameters in d &gt; 1).</param>
/// <param name="Ps">Exponents p ∈ (0, 1) for which the ℓ^p minimiser is recorded.</param>
public sealed record CorpusSpec(int Dim, int MinPoints, int MaxPoints, int Count, long Seed, InstanceKind Kind,
    SparsityObjective? Objective, IReadOnlyList<double> Ps, double TimeLimitSeconds)
{
    public int PointsOf(long index) => MinPoints + (int)(index % (MaxPoints - MinPoints + 1));

    /// <summary>The spec as stored in every record ("corpus"), so a resumed run can refuse a different spec.</summary>
    public JsonObject ToJson() => new()
    {
        ["seed"] = Seed,
        ["kind"] = KindName(Kind),
        ["dim"] = Dim,
        ["points"] = $"{MinPoints}..{MaxPoints}",
        ["count"] = Count,
        ["objective"] = Objective is null ? "default" : ObjectiveName(Objective.Value),
        ["p"] = new JsonArray(Ps.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        ["timeLimit"] = TimeLimitSeconds,
    };

    public static string KindName(InstanceKind kind) => kind.ToString().ToLowerInvariant();
    public static string ObjectiveName(SparsityObjective o) => o == SparsityObjective.Neurons ? "neurons" : "parameters";

    public override string ToString() => ToJson().ToJsonString();

    /// <summary>Parses "N" or "N1..N2".</summary>
    public static bool TryParseRange(string text, out int lo, out int hi)
    {
        var parts = text.Split("..");
        lo = hi = 0;
        if (parts.Length is < 1 or > 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out lo)) return false;
        if (parts.Length == 1) { hi = lo; return true; }
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out hi);
    }
}
