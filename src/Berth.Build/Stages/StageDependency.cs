// Something a stage reads from outside itself, and the instruction that reads it: another stage (FROM, COPY --from,
// RUN --mount from=) or an image pulled from a registry. "FROM scratch" depends on nothing.
namespace Berth.Build;

public sealed record StageDependency(Instruction Instruction, Stage? Stage, string? Image)
{
    public bool IsStage => Stage is not null;
}
