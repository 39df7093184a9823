// Reading WWW-Authenticate challenges as registries send them: quoted values with commas and spaces,
// and several challenges in one header.
namespace Berth.Distribution.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Bearer_challenge_keeps_commas_and_spaces_inside_quoted_scopes()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/app:pull,push repository:team/base:pull\",error=\"insufficient_scope\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Realm);
        Assert.Equal("registry.example.com", challenge.Service);
        Assert.Equal(["repository:team/app:pull,push", "repository:team/base:pull"], challenge.Scopes);
        Assert.Equal("insufficient_scope", challenge.Error);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_told_apart()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"berth, the registry\", Bearer realm=https://auth/token, service=reg");

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("berth, the registry", challenges[0].Realm);
        Assert.Equal(("https://auth/token", "reg"), (challenges[1].Realm, challenges[1].Service));
    }
}
