// VOLUME /data /logs or VOLUME ["/data"]: mount points the image declares. Word form splits on white space, so
// a path with spaces needs the JSON form; each path is expanded.
namespace Berth.Build;

public sealed record VolumeInstruction(IReadOnlyList<string> Volumes) : Instruction
{
    public override string Keyword => "VOLUME";

    internal static VolumeInstruction Parse(InstructionRequest request)
    {
        request.RequireAtLeastOne();
        request.Flags();
        var volumes = request.Args.Select(v => v.Trim()).ToList();
        if (volumes.Any(v => v.Length == 0))
            throw request.ErrorAtArgs("VOLUME specified can not be an empty string");
        return new VolumeInstruction(volumes) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander) =>
        this with { Volumes = Volumes.Select(expander.Word).ToList() };
}
