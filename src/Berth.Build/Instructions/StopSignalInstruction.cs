// STOPSIGNAL SIGTERM (or TERM, or 15): the signal that stops the container; expanded, then checked against the
// Linux signal names the way moby's signal.ParseSignal checks it.
using System.Globalization;

namespace Berth.Build;

public sealed record StopSignalInstruction(string Signal) : Instruction
{
    static readonly HashSet<string> Names = BuildNames();

    public override string Keyword => "STOPSIGNAL";

    internal static StopSignalInstruction Parse(InstructionRequest request)
    {
        request.RequireExactlyOne();
        request.Flags();
        return new StopSignalInstruction(request.Args[0]) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var signal = expander.Word(Signal);
        var name = signal.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        var valid = int.TryParse(signal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number != 0 : Names.Contains(name);
        return valid ? this with { Signal = signal } : throw new SyntaxError($"invalid signal: {signal} (use a name such as SIGTERM, or a number)");
    }

    static HashSet<string> BuildNames()
    {
        string[] names =
        [
            "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE",
            "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU",
            "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
        ];
        var set = new HashSet<string>(names, StringComparer.Ordinal);
        for (var i = 1; i <= 15; i++)
        {
            set.Add($"RTMIN+{i}");
            set.Add($"RTMAX-{i}");
        }
        return set;
    }
}
