using Verifier.Shared.Data;
using Verifier.Shared.Numbers;

namespace Verifier.Reformulation;

/// <summary>The rows x̄_i = [x_i; 1] of X ∈ R^{N×(d+1)} (SPEC §3), exact.</summary>
public static class LiftedInputs
{
    public static Rational[][] Of(Dataset data)
    {
        var rows = new Rational[data.Count][];
        for (int i = 0; i < data.Count; i++)
        {
            rows[i] = new Rational[data.Dimension + 1];
            for (int j = 0; j < data.Dimension; j++) rows[i][j] = data.X(i, j);
            rows[i][data.Dimension] = Rational.One;
        }
        return rows;
    }

    public static Rational Dot(ReadOnlySpan<Rational> a, ReadOnlySpan<Rational> b) => ExactLinearAlgebra.Dot(a, b);
}
