using Grants.Workflows.People;

namespace Grants.Tests.Administration;

/// <summary>How the people searches fold what is typed and what is stored, so that each way of typing a name finds it.</summary>
[Trait("Kind", "Unit")]
public sealed class SearchTextTests
{
    [Theory]
    [InlineData("かとう", "カトウ")]
    [InlineData("ｶﾄｳ ｾｲｲﾁ", "カトウ セイイチ")]
    [InlineData("ガッコウ", "ガッコウ")]
    [InlineData("ｶﾞｯｺｳ", "ガッコウ")]
    [InlineData("ＫＡＴＯ＠Example.ac.jp", "kato@example.ac.jp")]
    [InlineData("加藤\u3000誠一", "加藤 誠一")]
    public void Full_width_half_width_hiragana_and_katakana_fold_to_one_form(string typed, string folded) =>
        Assert.Equal(folded, SearchText.Fold(typed));

    // Not as InlineData: a lone surrogate does not survive the test runner's serialization of its arguments.
    [Fact]
    public void A_lone_surrogate_folds_to_the_replacement_character_instead_of_failing() =>
        Assert.Equal("\uFFFDab", SearchText.Fold("\uD800ab"));

    [Fact]
    public void A_query_is_its_folded_words() =>
        Assert.Equal(["加藤", "セイ"], SearchText.Words(" 加藤\u3000せい "));
}
