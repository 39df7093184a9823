// The syntax Kubernetes allows for label keys (optional DNS prefix + name) and values (63 characters,
// alphanumeric at both ends, '-', '_', '.' inside), used by selectors and object validation.
using System.Text.RegularExpressions;

namespace Berth.Api;

public static partial class LabelSyntax
{
    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex NamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    public static bool IsLabelValue(string value) => value.Length <= 63 && NamePart().IsMatch(value);

    public static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0 && (slash == 0 || slash > 253 || !DnsSubdomain().IsMatch(key[..slash]))) return false;
        return name.Length is > 0 and <= 63 && NamePart().IsMatch(name);
    }

    public static bool IsDnsSubdomain(string name) => name.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(name);
}
