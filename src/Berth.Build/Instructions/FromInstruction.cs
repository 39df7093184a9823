// FROM [--platform=P] IMAGE [AS NAME]: starts a stage. The image may name an earlier stage and may use global ARGs
// ($VERSION), which only the stage graph and the builder can resolve; the stage name is lower-cased.
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed partial record FromInstruction(string BaseImage, string? StageName, string? Platform) : Instruction
{
    public override string Keyword => "FROM";

    internal static FromInstruction Parse(InstructionRequest request)
    {
        var args = request.Args;
        string? name = null;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            name = args[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(name))
                throw request.ErrorAtArgs($"invalid name for build stage: {GoText.Quote(args[2])}, name can't start with a number or contain symbols");
        }
        else if (args.Count != 1)
            throw request.Error("FROM requires either one or three arguments: FROM IMAGE [AS NAME]");
        var flags = request.Flags(("platform", FlagKind.String));
        return new FromInstruction(args[0], name, flags.NonEmpty("platform"))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var image = expander.Word(BaseImage);
        if (image.Length == 0)
            throw new SyntaxError($"base name ({BaseImage}) should not be blank: give the ARG it uses a default or pass --build-arg");
        return this with { BaseImage = image, Platform = Platform is null ? null : expander.Word(Platform) };
    }

    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex StageNamePattern();
}
