// Variable substitution as BuildKit's shell lexer does it, as tables: references, the -, +, ?, #, % and / modifiers,
// quotes, escapes (backslash and backtick), special parameters, word splitting, and the errors.
namespace Berth.Build.Tests;

public class ShellLexTests
{
    static readonly Func<string, string?> Env = Df.Vars(
        ("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", ""), ("A", "a"), ("B", "b"),
        ("SPACES", "x  y "), ("PATH", "/usr/bin"), ("FILE", "archive.tar.gz"), ("URL", "http://example.com/a/b"));

    public static TheoryData<string, string> Words => new()
    {
        { "hello", "hello" },
        { "he'll'o", "hello" },
        { "he'llo", "error" },
        { "he\\'llo", "he'llo" },
        { "\"hello\"", "hello" },
        { "'hello'", "hello" },
        { "\"'hello'\"", "'hello'" },
        { "'\"hello\"'", "\"hello\"" },
        { "\"\"", "" },
        { "''", "" },
        { "$PWD", "/home" },
        { "${PWD}", "/home" },
        { "$PWD/x", "/home/x" },
        { "${PWD}x", "/homex" },
        { "$PWDx", "" },
        { "$KOREAN", "한국어" },
        { "\\$PWD", "$PWD" },
        { "\"\\$PWD\"", "$PWD" },
        { "'$PWD'", "$PWD" },
        { "\"$PWD\"", "/home" },
        { "\"${PWD}\"", "/home" },
        { "\"a\\b\"", "a\\b" },
        { "\"a\\\\b\"", "a\\b" },
        { "\"a\\\"b\"", "a\"b" },
        { "a\\ b", "a b" },
        { "a\\\\b", "a\\b" },
        { "abc\\", "abc" },
        { "$", "$" },
        { "a$", "a$" },
        { "$ a", "$ a" },
        { "$.x", "$.x" },
        { "$$", "" },
        { "$1x", "x" },
        { "$@$*$#$?$-$!", "" },
        { "${NULL:-x}", "x" },
        { "${NULL-x}", "" },
        { "${UNSET:-x}", "x" },
        { "${UNSET-x}", "x" },
        { "${PWD:-x}", "/home" },
        { "${PWD-x}", "/home" },
        { "${UNSET:-}", "" },
        { "${UNSET:-${PWD}}", "/home" },
        { "${UNSET:-${ALSO:-deep}}", "deep" },
        { "${UNSET:-\"a b\"}", "a b" },
        { "${UNSET:-'$PWD'}", "$PWD" },
        { "${PWD:+set}", "set" },
        { "${NULL:+set}", "" },
        { "${NULL+set}", "set" },
        { "${UNSET+set}", "" },
        { "${UNSET:+set}", "" },
        { "${PWD:+${SHELL}!}", "bash!" },
        { "${PWD:?must be set}", "/home" },
        { "${NULL?must be set}", "" },
        { "${FILE#*.}", "tar.gz" },
        { "${FILE##*.}", "gz" },
        { "${FILE%.*}", "archive.tar" },
        { "${FILE%%.*}", "archive" },
        { "${FILE#nomatch}", "archive.tar.gz" },
        { "${FILE%\\*}", "archive.tar.gz" },
        { "${URL/http:\\/\\//https://}", "https://example.com/a/b" },
        { "${URL//\\//_}", "http:__example.com_a_b" },
        { "${URL/a?b/X}", "http://example.com/X" },
        { "${UNSET#x}", "" },
        { "x${A}y${B}z", "xaybz" },
        { "$A$B", "ab" },
        { "${A}_${B}", "a_b" },
        { "$A_$B", "b" },
        { "${SPACES}", "x  y " },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void Process_word_substitutes_like_buildkit(string word, string expected)
    {
        var lex = new ShellLex();
        if (expected == "error")
            Assert.Throws<ShellExpansionException>(() => lex.ProcessWord(word, Env));
        else
            Assert.Equal(expected, lex.ProcessWord(word, Env));
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "${UNSET:?}", "failed to process \"${UNSET:?}\": UNSET: is not allowed to be unset" },
        { "${NULL:?}", "failed to process \"${NULL:?}\": NULL: is not allowed to be empty" },
        { "${UNSET?}", "failed to process \"${UNSET?}\": UNSET: is not allowed to be unset" },
        { "${UNSET:?set it with --build-arg UNSET=...}", "failed to process \"${UNSET:?set it with --build-arg UNSET=...}\": UNSET: set it with --build-arg UNSET=..." },
        { "${NULL:?$PWD is not enough}", "failed to process \"${NULL:?$PWD is not enough}\": NULL: /home is not enough" },
        { "${PWD", "failed to process \"${PWD\": syntax error: missing '}'" },
        { "${PWD:-x", "failed to process \"${PWD:-x\": syntax error: missing '}'" },
        { "${", "failed to process \"${\": syntax error: missing '}'" },
        { "${}", "failed to process \"${}\": syntax error: bad substitution" },
        { "${:x}", "failed to process \"${:x}\": syntax error: bad substitution" },
        { "${{x}", "failed to process \"${{x}\": syntax error: bad substitution" },
        { "${PWD=x}", "failed to process \"${PWD=x}\": unsupported modifier (=) in substitution" },
        { "${PWD:x}", "failed to process \"${PWD:x}\": unsupported modifier (:x) in substitution" },
        { "${PWD:#x}", "failed to process \"${PWD:#x}\": unsupported modifier (:#) in substitution" },
        { "${PWD x}", "failed to process \"${PWD x}\": unsupported modifier ( ) in substitution" },
        { "${PWD//x}", "failed to process \"${PWD//x}\": syntax error: missing '/' in ${}" },
        { "${PWD#\\x}", "failed to process \"${PWD#\\\\x}\": invalid pattern (\\x) in substitution: invalid escape '\\x'" },
        { "'open", "failed to process \"'open\": unexpected end of statement while looking for matching single-quote" },
        { "\"open", "failed to process \"\\\"open\": unexpected end of statement while looking for matching double-quote" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Bad_substitutions_fail_with_buildkits_message(string word, string message) =>
        Assert.Equal(message, Assert.Throws<ShellExpansionException>(() => new ShellLex().ProcessWord(word, Env)).Message);

    public static TheoryData<string, string[]> Splits => new()
    {
        { "a b  c", ["a", "b", "c"] },
        { "  a  ", ["a"] },
        { "\"a b\" c", ["a b", "c"] },
        { "'a b'c d", ["a bc", "d"] },
        { "a\\ b c", ["a b", "c"] },
        { "$SPACES z", ["x", "y", "z"] },
        { "\"$SPACES\" z", ["x  y ", "z"] },
        { "pre$SPACES", ["prex", "y"] },
        { "${UNSET:-1 2}", ["1", "2"] },
        { "\"\" x ''", ["x"] },
        { "$UNSET", [] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Process_words_splits_on_unquoted_white_space_after_substitution(string word, string[] expected) =>
        Assert.Equal(expected, new ShellLex().ProcessWords(word, Env));

    [Theory]
    [InlineData("`$PWD", "$PWD")]
    [InlineData("\\$PWD", "\\/home")]
    [InlineData("\"a`\"b\"", "a\"b")]
    [InlineData("a` b", "a b")]
    [InlineData("c:\\dir", "c:\\dir")]
    public void Backtick_escape_replaces_backslash_as_the_escape(string word, string expected) =>
        Assert.Equal(expected, new ShellLex('`').ProcessWord(word, Env));

    [Fact]
    public void Unset_references_can_be_left_as_written_for_heredoc_detection()
    {
        var lex = new ShellLex { SkipUnsetEnv = true, RawQuotes = true };
        Assert.Equal("$X ${Y} ${Z:-d} \"q\" /home", lex.ProcessWord("$X ${Y} ${Z:-d} \"q\" $PWD", Env));
    }

    [Fact]
    public void The_lookup_is_called_with_the_variable_name()
    {
        var asked = new List<string>();
        new ShellLex().ProcessWord("$A ${B:-x} ${C#y}", name => { asked.Add(name); return null; });
        Assert.Equal(["A", "B", "C"], asked);
    }
}
