// A port (or range) and protocol an image declares, as EXPOSE and the image config spell it: "80/tcp",
// "8000-8010/udp". A host part ("127.0.0.1:8080:80") is accepted and ignored, as Docker's port parser does.
namespace Berth.Build;

public sealed record ExposedPort(int Start, int End, string Protocol)
{
    public override string ToString() => Start == End ? $"{Start}/{Protocol}" : $"{Start}-{End}/{Protocol}";

    public static ExposedPort Parse(string text)
    {
        var slash = text.IndexOf('/');
        var port = slash < 0 ? text : text[..slash];
        var protocol = slash < 0 || slash == text.Length - 1 ? "tcp" : text[(slash + 1)..].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
            throw new SyntaxError($"invalid proto: {text[(slash + 1)..]} (use tcp, udp or sctp)");
        port = port[(port.LastIndexOf(':') + 1)..];
        if (port.Length == 0)
            throw new SyntaxError($"no port specified: {text}<empty>");
        var dash = port.IndexOf('-');
        var start = ParseNumber(dash < 0 ? port : port[..dash], text);
        var end = dash < 0 ? start : ParseNumber(port[(dash + 1)..], text);
        if (end < start)
            throw new SyntaxError($"invalid range specified for container port: {text} (the end is below the start)");
        return new ExposedPort(start, end, protocol);
    }

    static int ParseNumber(string digits, string text) =>
        digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, out var n) && n <= 65535
            ? n
            : throw new SyntaxError($"invalid containerPort: {text} (a port is a number from 0 to 65535)");
}
