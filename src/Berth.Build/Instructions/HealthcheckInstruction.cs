// HEALTHCHECK NONE, or HEALTHCHECK [--interval=30s] [--timeout=5s] [--start-period=0s] [--start-interval=5s]
// [--retries=3] CMD command. Durations are Go durations of at least 1ms (0 keeps the default); not expanded.
using System.Globalization;

namespace Berth.Build;

public sealed record HealthcheckInstruction(Healthcheck Healthcheck) : Instruction
{
    const long Millisecond = 1_000_000;

    public override string Keyword => "HEALTHCHECK";

    internal static HealthcheckInstruction Parse(InstructionRequest request)
    {
        request.RequireAtLeastOne();
        var type = request.Args[0].ToUpperInvariant();
        var args = request.Args.Skip(1).ToList();
        Healthcheck check;
        if (type == "NONE")
        {
            if (args.Count != 0)
                throw request.Error("HEALTHCHECK NONE takes no arguments");
            if (request.Node.Flags.Count > 0)
                throw new DockerfileException(request.Node.Flags[0].Location, "HEALTHCHECK NONE takes no flags: they only apply to HEALTHCHECK CMD");
            check = new Healthcheck(["NONE"], default, default, default, default, 0);
        }
        else
        {
            var flags = request.Flags(("interval", FlagKind.String), ("timeout", FlagKind.String),
                ("start-period", FlagKind.String), ("start-interval", FlagKind.String), ("retries", FlagKind.String));
            if (type != "CMD")
                throw request.Error($"Unknown type {GoText.Quote(type)} in HEALTHCHECK (try CMD)");
            var command = CommandLine.From(args, request.IsJson);
            if (command.Arguments.Count == 0)
                throw request.Error("Missing command after HEALTHCHECK CMD");
            List<string> test = [command.Form == CommandForm.Exec ? "CMD" : "CMD-SHELL", .. command.Arguments];
            check = new Healthcheck(test, Duration(request, flags, "interval"), Duration(request, flags, "timeout"),
                Duration(request, flags, "start-period"), Duration(request, flags, "start-interval"), Retries(flags));
        }
        return new HealthcheckInstruction(check) { Location = request.Location, Source = request.Source };
    }

    static TimeSpan Duration(InstructionRequest request, BuilderFlags flags, string name)
    {
        if (flags.NonEmpty(name) is not { } text)
            return TimeSpan.Zero;
        long nanoseconds;
        try
        {
            nanoseconds = GoDuration.Parse(text);
        }
        catch (SyntaxError e)
        {
            throw new DockerfileException(flags.LocationOf(name)!, $"{e.Message} (write --{name}=30s, 1m30s or 500ms)");
        }
        if (nanoseconds != 0 && nanoseconds < Millisecond)
            throw new DockerfileException(flags.LocationOf(name)!, $"Interval {GoText.Quote(name)} cannot be less than 1ms (got {text})");
        return TimeSpan.FromTicks(nanoseconds / TimeSpan.NanosecondsPerTick);
    }

    static int Retries(BuilderFlags flags)
    {
        if (flags.NonEmpty("retries") is not { } text)
            return 0;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries))
            throw new DockerfileException(flags.LocationOf("retries")!, $"strconv.ParseInt: parsing {GoText.Quote(text)}: invalid syntax (--retries takes a whole number)");
        if (retries < 0)
            throw new DockerfileException(flags.LocationOf("retries")!, $"--retries cannot be negative ({retries})");
        return retries;
    }
}
