namespace Verifier.Exact.Problems;

/// <summary>
/// Work counters of one solve, for benchmarks and the JSON <c>statistics</c> object; null where the solver does not
/// measure a quantity. Never part of a proof.
/// </summary>
public sealed record SolveStatistics
{
    /// <summary>Wall time of the solve, seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Search nodes: the depth-first master's nodes, or CP-SAT's branch decisions summed over master solves;
    /// null when the backend reports no count (SCIP through ModelBuilder).</summary>
    public long? Nodes { get; init; }
    public long? MasterConflicts { get; init; }
    public int? Patterns { get; init; }
    public int? PatternLpCalls { get; init; }
    public int? Groups { get; init; }
    public int? Generators { get; init; }
    /// <summary>Benders iterations: master solves (0/1 master) or cost budgets (depth-first master).</summary>
    public int? Iterations { get; init; }
    public int? Cuts { get; init; }
    public int? NoGoodCuts { get; init; }
    /// <summary>LPs solved by the cone sub-problems.</summary>
    public int? SubproblemLps { get; init; }
    /// <summary>Reachability questions asked of the cone sub-problems (most need no LP).</summary>
    public int? SubproblemCalls { get; init; }
    /// <summary>Objective of the search incumbent before the master ran.</summary>
    public int? HeuristicCost { get; init; }
    public double? PatternSeconds { get; init; }
    public double? IncumbentSeconds { get; init; }
    public double? MasterSeconds { get; init; }
    public double? SubproblemSeconds { get; init; }
    public double? CutSeconds { get; init; }
    /// <summary>Seconds of the cuts' exact re-checks (combinatorial Benders: done as each cut arrives, inside the search's
    /// time, summed over its threads).</summary>
    public double? CutCheckSeconds { get; init; }
    /// <summary>Seconds and nodes of the hitting-set re-check of a claimed lower bound (combinatorial Benders).</summary>
    public double? BoundCheckSeconds { get; init; }
    public long? BoundCheckNodes { get; init; }
    public double? DirectSeconds { get; init; }
    /// <summary>The guessed big-M of the direct baseline.</summary>
    public double? BigM { get; init; }
    /// <summary>SCIP's bound inside the direct baseline's guessed box: not a proof.</summary>
    public double? ModelBound { get; init; }

    /// <summary>The measured counters by their JSON names (camelCase), leaving out the unmeasured ones.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new Dictionary<string, double>();
        void Put(string name, double? value) { if (value is double v) d[name] = v; }
        Put("nodes", Nodes); Put("masterConflicts", MasterConflicts);
        Put("patterns", Patterns); Put("patternLpCalls", PatternLpCalls); Put("groups", Groups); Put("generators", Generators);
        Put("heuristicCost", HeuristicCost); Put("iterations", Iterations); Put("cuts", Cuts); Put("noGoodCuts", NoGoodCuts);
        Put("subproblemLps", SubproblemLps); Put("subproblemCalls", SubproblemCalls);
        Put("seconds", Seconds); Put("patternSeconds", PatternSeconds); Put("incumbentSeconds", IncumbentSeconds);
        Put("masterSeconds", MasterSeconds); Put("subproblemSeconds", SubproblemSeconds); Put("cutSeconds", CutSeconds);
        Put("cutCheckSeconds", CutCheckSeconds); Put("boundCheckSeconds", BoundCheckSeconds); Put("boundCheckNodes", BoundCheckNodes);
        Put("directSeconds", DirectSeconds); Put("bigM", BigM); Put("modelBound", ModelBound);
        return d;
    }
}
