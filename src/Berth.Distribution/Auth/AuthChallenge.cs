// One challenge from a 401's WWW-Authenticate header ('Bearer realm="...",service="...",scope="..."'):
// how this registry wants the client to authenticate, and for Bearer, where to get a token for what.
using System.Text;

namespace Berth.Distribution;

sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");
    public string? Error => Parameters.GetValueOrDefault("error");

    /// <summary>The scopes the registry asked for; distribution puts several in one value, separated by spaces.</summary>
    public IReadOnlyList<string> Scopes =>
        Parameters.GetValueOrDefault("scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The challenge to answer: Bearer when offered with a realm (it scopes access), else Basic, else null.</summary>
    public static AuthChallenge? Select(HttpResponseMessage response)
    {
        var challenges = response.Headers.TryGetValues("WWW-Authenticate", out var values)
            ? values.SelectMany(Parse).ToList() : [];
        return challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    /// <summary>
    /// Parses a header value, which may hold several challenges: a token followed by '=' is a parameter
    /// of the current challenge, any other token starts the next one. Quoted values keep their commas.
    /// </summary>
    public static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        var challenges = new List<AuthChallenge>();
        Dictionary<string, string>? parameters = null;
        var i = 0;
        while (i < header.Length)
        {
            while (i < header.Length && (header[i] is ',' || char.IsWhiteSpace(header[i]))) i++;
            var start = i;
            while (i < header.Length && header[i] is not ('=' or ',') && !char.IsWhiteSpace(header[i])) i++;
            if (i == start) break;
            var token = header[start..i];
            var afterToken = i;
            while (i < header.Length && char.IsWhiteSpace(header[i])) i++;
            if (i < header.Length && header[i] == '=' && parameters is not null)
            {
                i++;
                while (i < header.Length && char.IsWhiteSpace(header[i])) i++;
                parameters[token.ToLowerInvariant()] = ReadValue(header, ref i);
                continue;
            }
            i = afterToken;
            parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            challenges.Add(new AuthChallenge(token, parameters));
        }
        return challenges;
    }

    static string ReadValue(string header, ref int i)
    {
        if (i >= header.Length || header[i] != '"')
        {
            var start = i;
            while (i < header.Length && header[i] != ',' && !char.IsWhiteSpace(header[i])) i++;
            return header[start..i];
        }
        var value = new StringBuilder();
        for (i++; i < header.Length && header[i] != '"'; i++)
        {
            if (header[i] == '\\' && i + 1 < header.Length) i++;
            value.Append(header[i]);
        }
        i++;
        return value.ToString();
    }
}
