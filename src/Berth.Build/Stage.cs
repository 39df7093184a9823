// One build stage: its FROM and the instructions up to the next FROM. Stages are numbered from 0 in file order;
// COPY --from and RUN --mount from= refer to them by name or number.
namespace Berth.Build;

public sealed record Stage(int Index, string? Name, FromInstruction From, IReadOnlyList<Instruction> Instructions)
{
    /// <summary>The base image expression as written (it may use global ARGs or name an earlier stage).</summary>
    public string BaseImage => From.BaseImage;

    public string? Platform => From.Platform;

    public SourceLocation Location => From.Location;

    /// <summary>The name, or "stage-N" as BuildKit calls an unnamed stage.</summary>
    public string DisplayName => Name ?? $"stage-{Index}";
}
