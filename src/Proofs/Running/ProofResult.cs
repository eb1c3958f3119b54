using FsCheck;

namespace Verifier.Proofs.Running;

/// <summary>
/// One law checked by a property: its name (as the law it states), the law in words, the default number of
/// generated cases, and the property itself (built fresh for each run).
/// </summary>
/// <param name="Pinned">A pinned example (a fixed counterexample or worked example): one case, whatever the budget.</param>
/// <param name="MaxCases">Cap for properties whose cases each run an exact mixed-integer solve, so a large
/// budget stays affordable; the report always shows the number of cases actually tried.</param>
public sealed record ProofProperty(string Name, string Law, int DefaultCases, Func<Property> Build,
    bool Pinned = false, int? MaxCases = null)
{
    /// <summary>The cases to run for a requested budget (null: the default).</summary>
    public int CasesFor(int? requested)
    {
        if (Pinned) return 1;
        int cases = requested ?? DefaultCases;
        return MaxCases is { } cap ? Math.Min(cases, cap) : cases;
    }
}

/// <summary>A named result of the paper (or a claim beyond it), its statement, and the properties that check it.</summary>
public sealed record ProofResult(string Name, string Statement, IReadOnlyList<ProofProperty> Properties)
{
    public ProofProperty Property(string name) =>
        Properties.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"{Name} has no property {name}");
}
