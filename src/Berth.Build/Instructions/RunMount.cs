// One RUN --mount=type=cache,target=/root/.cache,... value, read as BuildKit reads it. Values holding a variable are
// checked when the builder expands the instruction; "from" may not hold one (a stage has to be known up front).
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed partial record RunMount(string Spec)
{
    static readonly string[] Keys =
    [
        "type", "from", "source", "src", "target", "dst", "destination", "readonly", "ro", "readwrite", "rw",
        "required", "id", "sharing", "mode", "uid", "gid", "size", "env",
    ];

    public MountType Type { get; init; } = MountType.Bind;
    public string? From { get; init; }
    public string? Source { get; init; }
    public string? Target { get; init; }
    public string? Id { get; init; }
    public CacheSharing? Sharing { get; init; }
    public bool ReadOnly { get; init; }
    public bool Required { get; init; }
    public uint? Mode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
    public long? Size { get; init; }
    public string? Env { get; init; }

    /// <summary>Reads a --mount value; without an expander, values with variables are left for later.</summary>
    internal static RunMount Parse(string spec, Expander? expander)
    {
        if (spec.Length == 0)
            throw new SyntaxError("--mount needs a value such as type=cache,target=/root/.cache");
        List<string> fields;
        try
        {
            fields = CsvFields.Split(spec);
        }
        catch (SyntaxError e)
        {
            throw new SyntaxError($"failed to parse csv mounts: {e.Message}");
        }
        var mount = new RunMount(spec);
        bool? readOnly = null;
        var requiredGiven = false;
        var typeKnown = true;
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=');
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            if (equals < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        readOnly = true;
                        continue;
                    case "readwrite" or "rw":
                        readOnly = false;
                        continue;
                    case "required":
                        mount = mount with { Required = true };
                        requiredGiven = true;
                        continue;
                    default:
                        throw new SyntaxError($"invalid field '{field}' must be a key=value pair");
                }
            }
            if (!Keys.Contains(key))
                throw new SyntaxError($"unexpected key '{key}' in '{field}'{Suggest.DidYouMean(key, Keys)}");
            var value = field[(equals + 1)..];
            if (expander is not null)
                value = expander.Word(value);
            else if (key == "from" && value.IndexOf('$') is var dollar && dollar >= 0 && dollar != value.Length - 1)
                throw new SyntaxError("'from' doesn't support variable expansion, define alias stage instead");
            else if (value.Contains('$'))
            {
                typeKnown &= key != "type";
                continue;
            }
            switch (key)
            {
                case "type":
                    mount = mount with { Type = ParseType(value) };
                    break;
                case "from":
                    mount = mount with { From = value };
                    break;
                case "source" or "src":
                    mount = mount with { Source = value };
                    break;
                case "target" or "dst" or "destination":
                    mount = mount with { Target = value };
                    break;
                case "readonly" or "ro":
                    readOnly = ParseBool(key, value);
                    break;
                case "readwrite" or "rw":
                    readOnly = !ParseBool(key, value);
                    break;
                case "required":
                    mount = mount with { Required = ParseBool(key, value) };
                    requiredGiven = true;
                    break;
                case "id":
                    mount = mount with { Id = value };
                    break;
                case "sharing":
                    mount = mount with { Sharing = ParseSharing(value) };
                    break;
                case "mode":
                    mount = mount with { Mode = ParseNumber(key, value, 8) };
                    break;
                case "uid":
                    mount = mount with { Uid = ParseNumber(key, value, 10) };
                    break;
                case "gid":
                    mount = mount with { Gid = ParseNumber(key, value, 10) };
                    break;
                case "size":
                    mount = mount with { Size = ParseSize(value) };
                    break;
                default:
                    mount = mount with { Env = value };
                    break;
            }
        }
        if (typeKnown)
            Check(mount, requiredGiven);
        // Caches and tmpfs are writable unless asked otherwise; everything else is read-only.
        return mount with { ReadOnly = readOnly ?? mount.Type is not (MountType.Cache or MountType.Tmpfs) };
    }

    static void Check(RunMount mount, bool requiredGiven)
    {
        var type = mount.Type;
        var name = type.ToString().ToLowerInvariant();
        var fileInfoAllowed = type is MountType.Secret or MountType.Ssh or MountType.Cache;
        foreach (var (key, given) in new[] { ("mode", mount.Mode), ("uid", mount.Uid), ("gid", mount.Gid) })
        {
            if (given is not null && !fileInfoAllowed)
                throw new SyntaxError($"{key} not allowed for \"{name}\" type mounts (only cache, secret and ssh mounts take {key})");
        }
        if (requiredGiven && type is not (MountType.Secret or MountType.Ssh))
            throw new SyntaxError($"unexpected key 'required' for mount type '{name}' (only secret and ssh mounts can be required)");
        if (mount.Sharing is not null && type != MountType.Cache)
            throw new SyntaxError($"invalid cache sharing set for {name} mount (sharing applies to type=cache)");
        if (mount.Size is not null && type != MountType.Tmpfs)
            throw new SyntaxError($"size not allowed for \"{name}\" type mounts (size applies to type=tmpfs)");
        if (mount.Env is not null && type != MountType.Secret)
            throw new SyntaxError($"env not allowed for \"{name}\" type mounts (env applies to type=secret)");
        if (type != MountType.Secret)
            return;
        if (mount.From is not null)
            throw new SyntaxError("secret mount should not have a from");
        if (mount.Source is null && mount.Target is null && mount.Id is null && mount.Env is null)
            throw new SyntaxError("invalid secret mount. one of source, target required: add id=NAME (and target= or env=)");
        if (mount.Source is not null && mount.Id is not null)
            throw new SyntaxError("both source and id can't be set");
    }

    static MountType ParseType(string value) => value.ToLowerInvariant() switch
    {
        "bind" => MountType.Bind,
        "cache" => MountType.Cache,
        "tmpfs" => MountType.Tmpfs,
        "secret" => MountType.Secret,
        "ssh" => MountType.Ssh,
        _ => throw new SyntaxError(
            $"unsupported mount type {GoText.Quote(value)}{Suggest.DidYouMean(value, ["bind", "cache", "tmpfs", "secret", "ssh"])}"),
    };

    static CacheSharing ParseSharing(string value) => value.ToLowerInvariant() switch
    {
        "shared" => CacheSharing.Shared,
        "private" => CacheSharing.Private,
        "locked" => CacheSharing.Locked,
        _ => throw new SyntaxError($"unsupported sharing value {GoText.Quote(value)} (use shared, private or locked)"),
    };

    static bool ParseBool(string key, string value) =>
        GoText.ParseBool(value) ?? throw new SyntaxError($"invalid value for {key}: {value}");

    static uint ParseNumber(string key, string value, int radix)
    {
        try
        {
            if (value.Length > 0 && value.All(c => c >= '0' && c < '0' + radix))
                return Convert.ToUInt32(value, radix);
        }
        catch (OverflowException)
        {
        }
        throw new SyntaxError($"invalid value {value} for {key}");
    }

    // go-units RAMInBytes: 64m, 1.5g, 512MiB; binary multiples.
    static long ParseSize(string value)
    {
        var match = SizePattern().Match(value);
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var power = match.Groups[2].Success ? "kmgtp".IndexOf(char.ToLowerInvariant(match.Groups[2].Value[0])) + 1 : 0;
            return (long)(number * Math.Pow(1024, power));
        }
        throw new SyntaxError($"invalid value {value} for size");
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex SizePattern();
}
