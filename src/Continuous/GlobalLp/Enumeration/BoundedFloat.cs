namespace Verifier.Continuous.GlobalLp.Enumeration;

/// <summary>
/// A double with a rigorous bound on its distance to an exact real: |Value − exact| ≤ Error. Inputs are exact
/// doubles (Error 0); every +, −, × propagates the inputs' errors and adds twice the rounding bound u·|result|
/// (u = 2^-53, round to nearest), so the sign of the exact value is known whenever |Value| &gt; Error
/// (<see cref="Sign"/>, with a 10^-6 relative safety factor for the rounding of the error terms themselves).
/// Used by <see cref="BasicSolutionEnumeration"/> to decide most determinant signs in floating point; an undecided
/// sign (0) is settled in exact arithmetic by the caller.
/// </summary>
internal readonly record struct BoundedFloat(double Value, double Error)
{
    /// <summary>The unit roundoff of double, 2^-53 (round to nearest).</summary>
    internal const double U = 1.1102230246251565e-16;

    public static BoundedFloat Exact(double v) => new(v, 0);

    public static BoundedFloat operator +(BoundedFloat a, BoundedFloat b)
    {
        double v = a.Value + b.Value;
        return new(v, a.Error + b.Error + 2 * U * Math.Abs(v));
    }

    public static BoundedFloat operator -(BoundedFloat a, BoundedFloat b)
    {
        double v = a.Value - b.Value;
        return new(v, a.Error + b.Error + 2 * U * Math.Abs(v));
    }

    public static BoundedFloat operator -(BoundedFloat a) => new(-a.Value, a.Error);

    public static BoundedFloat operator *(BoundedFloat a, BoundedFloat b)
    {
        double v = a.Value * b.Value;
        return new(v, Math.Abs(a.Value) * b.Error + Math.Abs(b.Value) * a.Error + a.Error * b.Error + 2 * U * Math.Abs(v));
    }

    /// <summary>+1 or −1 when the exact value's sign is proven, 0 when undecided (also on overflow or NaN).</summary>
    public int Sign
    {
        get
        {
            if (!double.IsFinite(Value) || !double.IsFinite(Error)) return 0;
            double margin = Error * (1 + 1e-6) + double.Epsilon;
            return Value > margin ? 1 : Value < -margin ? -1 : 0;
        }
    }

    /// <summary>The sign when proven: ±1, or 0 when the bound is 0 and so is the value (with Error 0 the value is
    /// exact, zero included); null when undecided. <see cref="Sign"/> instead folds "zero" into "undecided".</summary>
    public int? ProvenSign => Error == 0 && double.IsFinite(Value) ? Math.Sign(Value) : Sign != 0 ? Sign : null;

    /// <summary>The determinant of the k×k matrix a[rows[i], cols[j]] (k = rows.Length ≤ N ≤ 8; k! terms, so meant for
    /// k ≤ 6) by Laplace expansion along the first row, with its error bound. The k² entries are read once into a local
    /// buffer; the expansion then does the same operations in the same order as on the entries directly.</summary>
    public static BoundedFloat Determinant(Func<int, int, BoundedFloat> a, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
    {
        int k = rows.Length;
        if (k == 0) return Exact(1);
        Span<BoundedFloat> m = stackalloc BoundedFloat[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) m[i * k + j] = a(rows[i], cols[j]);
        Span<int> all = stackalloc int[k];
        for (int j = 0; j < k; j++) all[j] = j;
        return Laplace(m, k, 0, all);
    }

    /// <summary>Laplace expansion of the minor of the row-major k×k buffer <paramref name="m"/> on rows row.. and the
    /// columns <paramref name="cols"/>.</summary>
    private static BoundedFloat Laplace(ReadOnlySpan<BoundedFloat> m, int k, int row, ReadOnlySpan<int> cols)
    {
        int n = cols.Length;
        if (n == 1) return m[row * k + cols[0]];
        int r0 = row * k, r1 = r0 + k;
        if (n == 2) return m[r0 + cols[0]] * m[r1 + cols[1]] - m[r0 + cols[1]] * m[r1 + cols[0]];
        Span<int> minorCols = stackalloc int[n - 1];
        var sum = Exact(0);
        for (int j = 0; j < n; j++)
        {
            var entry = m[r0 + cols[j]];
            if (entry.Value == 0 && entry.Error == 0) continue;
            for (int c = 0, t = 0; c < n; c++) if (c != j) minorCols[t++] = cols[c];
            var term = entry * Laplace(m, k, row + 1, minorCols);
            sum = (j & 1) == 0 ? sum + term : sum - term;
        }
        return sum;
    }
}
