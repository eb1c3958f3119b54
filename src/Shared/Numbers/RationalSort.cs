namespace Verifier.Shared.Numbers;

/// <summary>
/// Sorting by exact rational keys, fast: sort by the double approximations, then repair in exact arithmetic.
/// Rounding to double is monotone (x ≤ y ⇒ double(x) ≤ double(y)) for the long-backed values, so only groups
/// of equal doubles can be out of order; they are re-sorted exactly. The final order is always checked
/// exactly, with a full exact sort as the fallback, so the result never depends on floating point.
/// </summary>
public static class RationalSort
{
    /// <summary>Returns the permutation that sorts <paramref name="keys"/> increasingly (stable for equal keys).</summary>
    public static int[] Order(ReadOnlySpan<Rational> keys)
    {
        int n = keys.Length;
        var order = new int[n];
        var approx = new double[n];
        for (int i = 0; i < n; i++) { order[i] = i; approx[i] = keys[i].ToDouble(); }
        Array.Sort(approx, order);
        // Repair groups of equal doubles exactly (and keep equal keys in input order).
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && approx[end] == approx[start]) end++;
            if (end - start > 1) SortGroupExactly(keys, order, start, end);
            start = end;
        }
        if (!IsSorted(keys, order))
        {
            var keyArray = keys.ToArray();
            Array.Sort(order, (a, b) => { int c = keyArray[a].CompareTo(keyArray[b]); return c != 0 ? c : a.CompareTo(b); });
        }
        return order;
    }

    private static void SortGroupExactly(ReadOnlySpan<Rational> keys, int[] order, int start, int end)
    {
        var group = order[start..end];
        var keyGroup = new Rational[group.Length];
        for (int i = 0; i < group.Length; i++) keyGroup[i] = keys[group[i]];
        var idx = Enumerable.Range(0, group.Length).ToArray();
        Array.Sort(idx, (a, b) => { int c = keyGroup[a].CompareTo(keyGroup[b]); return c != 0 ? c : group[a].CompareTo(group[b]); });
        for (int i = 0; i < group.Length; i++) order[start + i] = group[idx[i]];
    }

    private static bool IsSorted(ReadOnlySpan<Rational> keys, int[] order)
    {
        for (int i = 1; i < order.Length; i++)
            if (keys[order[i - 1]] > keys[order[i]]) return false;
        return true;
    }

    /// <summary>True when the keys are already in non-decreasing order (checked exactly).</summary>
    public static bool IsSorted(ReadOnlySpan<Rational> keys)
    {
        for (int i = 1; i < keys.Length; i++)
            if (keys[i - 1] > keys[i]) return false;
        return true;
    }
}
