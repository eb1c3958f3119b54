using System.Diagnostics;
using Verifier.Exact.Problems;
using Verifier.Reformulation;
using Verifier.Shared.Networks;
using Verifier.Shared.Numbers;

namespace Verifier.Exact.Mip;

/// <summary>The cuts of one Benders run, in the order found, without repeats (a cut over the same groups as an
/// earlier one adds nothing). Every cut carries its exact Farkas vector (<see cref="FarkasCut"/>) and is re-checked
/// exactly as it arrives (<see cref="FarkasCut.Verify(IReadOnlyList{Rational}, IReadOnlyList{BlockGroup}, IReadOnlyList{Rational[]}?, FarkasCut.GeneratorIntegers)"/>),
/// so the re-check runs inside the search's time (and in its workers, in parallel) instead of after it, where it
/// had no budget: measured 2.3 s for 23 k cuts at N = 12, which overran a 60 s limit.</summary>
/// <remarks><see cref="Add"/> is safe to call from several workers at once; <see cref="Added"/> fires on the adding
/// thread.</remarks>
internal sealed class BendersCutPool(BendersInstance instance)
{
    private readonly object _lock = new();
    private readonly List<FarkasCut> _cuts = [];
    private readonly HashSet<string> _keys = [];
    private readonly FarkasCut.GeneratorIntegers _integers = new(instance.Groups);
    private int _failed;
    private long _checkTicks;

    /// <summary>A snapshot of the cuts so far.</summary>
    public IReadOnlyList<FarkasCut> Cuts { get { lock (_lock) return _cuts.ToList(); } }
    public int Count { get { lock (_lock) return _cuts.Count; } }

    /// <summary>Whether every cut passed its exact re-check so far.</summary>
    public bool AllVerified { get { lock (_lock) return _failed == 0; } }

    /// <summary>Seconds spent in the exact re-checks, summed over the threads that added cuts.</summary>
    public double CheckSeconds => (double)Interlocked.Read(ref _checkTicks) / Stopwatch.Frequency;

    /// <summary>Called with each new cut (the 0/1 master adds it as a constraint).</summary>
    public event Action<FarkasCut>? Added;

    public void Add(FarkasCut cut)
    {
        lock (_lock) if (!_keys.Add(string.Join(",", cut.Groups.Order()))) return;
        long start = Stopwatch.GetTimestamp();
        bool valid = cut.Verify(instance.Y, instance.Groups, instance.SkipColumns, _integers);
        Interlocked.Add(ref _checkTicks, Stopwatch.GetTimestamp() - start);
        lock (_lock)
        {
            _cuts.Add(cut);
            if (!valid) _failed++;
        }
        Added?.Invoke(cut);
    }

    public BendersCertificate Certificate() { lock (_lock) return new(instance.Groups, _cuts.ToList(), instance.Y, instance.SkipColumns); }
}

/// <summary>
/// Cut construction of <see cref="CombinatorialBendersSolver"/>: the cuts every run starts with, the shrinking of a
/// sub-problem's cut, and the span cuts of a selection. Each cut is valid by its own exact Farkas vector.
/// </summary>
internal static class BendersCuts
{
    /// <summary>Sub-problem calls allowed to shrink one cut (<see cref="Strengthen"/>).</summary>
    public const int StrengthenBudget = 60;

    /// <summary>Without the linear term, π = sign(y_i)·e_i for each y_i ≠ 0: some picked block must push output i towards y_i.</summary>
    public static IEnumerable<FarkasCut> UnitCuts(BendersInstance instance)
    {
        if (instance.SkipColumns is not null) yield break;
        for (int i = 0; i < instance.Points; i++)
            if (!instance.Y[i].IsZero)
            {
                var pi = new Rational[instance.Points];
                pi[i] = instance.Y[i].Sign > 0 ? Rational.One : Rational.MinusOne;
                yield return instance.CutOf(pi);
            }
    }

    /// <summary>The cuts of a selection the sub-problem refused with Farkas vector π: π's own cut made minimal, the span
    /// cuts of the selection and, for the parameters objective, of the selection minus each group.</summary>
    public static void FromRefusal(BendersInstance instance, ConeSubproblem sub, List<int> selected, Rational[] pi, BendersCutPool pool)
    {
        var cut = instance.CutOf(pi);
        if (cut.Groups.Intersect(selected).Any())
            throw new InvalidOperationException("an exact Farkas cut does not separate its own selection");
        pool.Add(Strengthen(instance, cut, sub));
        foreach (var spanCut in SpanCuts(instance, selected)) pool.Add(spanCut);
        if (instance.Problem.Objective == SparsityObjective.Parameters)
            foreach (int j in selected) // the same argument on every selection minus one group
                foreach (var spanCut in SpanCuts(instance, selected.Where(k => k != j).ToList())) pool.Add(spanCut);
    }

    /// <summary>
    /// Shrinks a cut towards a minimal one. The groups outside the cut form an infeasible set M (certified by π).
    /// For each group h of the cut, if M ∪ {h} is still infeasible its own exact Farkas vector gives a cut that
    /// excludes M ∪ {h}, hence a strict subset of the current cut; otherwise h stays. The result is valid by its own
    /// certificate, and strong: adding any single remaining group to its complement makes y reachable (when
    /// <see cref="StrengthenBudget"/> suffices to test them all).
    /// </summary>
    private static FarkasCut Strengthen(BendersInstance instance, FarkasCut cut, ConeSubproblem sub)
    {
        var groups = instance.Groups;
        var essential = new HashSet<int>();
        for (int lp = 0; lp < StrengthenBudget; lp++)
        {
            var inCut = new HashSet<int>(cut.Groups);
            int h = cut.Groups.FirstOrDefault(g => !essential.Contains(g), -1);
            if (h < 0) return cut;
            var trial = Enumerable.Range(0, groups.Count).Where(k => !inCut.Contains(k) || k == h).ToList();
            var outcome = sub.Solve(groups, trial);
            if (outcome.Pi is null) { essential.Add(h); continue; } // feasible (or numerical): keep h
            var smaller = instance.CutOf(outcome.Pi);
            if (smaller.Groups.Any(k => !inCut.Contains(k) || k == h)) { essential.Add(h); continue; } // not a strict shrink: keep h
            cut = smaller;
        }
        return cut;
    }

    /// <summary>
    /// Cuts from the span of the selection: every π ⊥ span(selected generators, range X) with π·y ≠ 0 is an exact
    /// Farkas vector (after choosing its sign so that π·y &gt; 0), since π·g = 0 on the selection. Each vector of an
    /// exact basis of that orthogonal complement gives its own cut; cheap selections have large complements, so this
    /// adds many cuts per master solve where the master is weakest.
    /// </summary>
    private static IEnumerable<FarkasCut> SpanCuts(BendersInstance instance, List<int> selected)
    {
        var rows = selected.SelectMany(k => instance.Groups[k].Generators.Select(g => g.Exact)).ToList();
        if (instance.SkipColumns is not null) rows.AddRange(instance.SkipColumns);
        if (rows.Count == 0) yield break;
        foreach (var b in ExactLinearAlgebra.NullSpace(rows, instance.Points))
        {
            var dot = LiftedInputs.Dot(b, instance.Y);
            if (dot.IsZero) continue;
            yield return instance.CutOf(dot.Sign > 0 ? b : b.Select(v => -v).ToArray());
        }
    }
}
