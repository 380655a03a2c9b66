using DotGym.Text.Data;

namespace DotGym.Text.Tests.Data;

public class DataGeneratorTests
{
    [Fact]
    public void Reviews_are_seeded_labelled_and_the_right_length()
    {
        var a = ReviewCorpus.Generate(200, seed: 7);
        Assert.Equal(a, ReviewCorpus.Generate(200, seed: 7));
        Assert.NotEqual(a, ReviewCorpus.Generate(200, seed: 8));
        Assert.All(a, r =>
        {
            Assert.InRange(r.WordCount, ReviewCorpus.MinWords, ReviewCorpus.MaxWords);
            Assert.Equal(HumanPreference.Valence(r.Text) > 0 ? Sentiment.Positive : Sentiment.Negative, r.Label);
            Assert.All(r.Text.Split(' '), w => Assert.True(ValenceLexicon.Contains(w), w));
            Assert.All(r.Text, c => Assert.Contains(c, ValenceLexicon.Alphabet));
        });
        int positives = a.Count(r => r.Label == Sentiment.Positive);
        Assert.InRange(positives, 60, 140); // both labels are common
    }

    [Fact]
    public void The_hidden_preference_likes_positive_fluent_text()
    {
        Assert.True(HumanPreference.Score("the acting was wonderful and the plot moved fast") > 0);
        Assert.True(HumanPreference.Score("the acting was awful and the plot moved slowly") < 0);
        Assert.True(HumanPreference.Prefers("the acting was very wonderful", "the acting was wonderful"));
        Assert.True(HumanPreference.Prefers("the film was good", "the film was good xq zzz"));
        Assert.True(HumanPreference.Prefers("the film was good", "the film was was good"));
        Assert.Equal(0, HumanPreference.Fluency("the plot moved fast"));
        Assert.Equal(-1.0, HumanPreference.Fluency("the plot moved xyz"));
        // "but" weighs the conclusion more for the rater, not for the label.
        Assert.Equal(0.0, HumanPreference.Valence("the film was good but the film was bad") - (1.5 - 1.8), 10);
        Assert.Equal(1.5 - 1.5 * 1.8, HumanPreference.Score("the film was good but the film was bad"), 10);
    }

    [Fact]
    public void Prompts_are_cut_from_reviews()
    {
        var prompts = ReviewPrompts.Generate(100, seed: 3);
        var reviews = ReviewCorpus.Generate(100, seed: 3);
        Assert.Equal(prompts, ReviewPrompts.Generate(100, seed: 3));
        Assert.NotEqual(prompts, ReviewPrompts.Generate(100, seed: 4));
        for (int i = 0; i < prompts.Count; i++)
        {
            var p = prompts[i];
            Assert.Equal(reviews[i].Text, p.Prompt + p.Completion);
            Assert.InRange(p.Prompt.Split(' ').Length, ReviewPrompts.MinWords, ReviewPrompts.MaxWords);
            Assert.StartsWith(" ", p.Completion);
            Assert.Equal(reviews[i].Label, p.Label);
        }
        Assert.True(prompts.Select(p => p.Prompt.Split(' ').Length).Distinct().Count() > 3);
    }

    [Fact]
    public void Sft_demonstrations_are_seeded()
    {
        var reviews = SftDemonstrations.Reviews(50, seed: 5, positiveOnly: true);
        Assert.Equal(reviews, SftDemonstrations.Reviews(50, seed: 5, positiveOnly: true));
        Assert.InRange(reviews.Count, 10, 49);
        Assert.All(reviews, d => Assert.True(HumanPreference.Valence(d.Prompt + d.Completion) > 0));
        var sums = SftDemonstrations.Additions(20, seed: 5);
        Assert.All(sums, d => Assert.Equal(AdditionTask.AnswerFor(d.Prompt), d.Completion));
        Assert.NotEqual(sums, SftDemonstrations.Additions(20, seed: 6));
    }

    [Fact]
    public void Addition_task_is_seeded_and_checked_exactly()
    {
        var a = AdditionTask.Generate(100, seed: 11);
        Assert.Equal(a, AdditionTask.Generate(100, seed: 11));
        Assert.NotEqual(a, AdditionTask.Generate(100, seed: 12));
        Assert.All(a, p =>
        {
            Assert.InRange(p.A, 10, 99);
            Assert.InRange(p.B, 10, 99);
            Assert.Matches(@"^\d\d\+\d\d=$", p.Prompt);
        });
        Assert.Equal("23+45=", new AdditionProblem(23, 45).Prompt);
        Assert.Equal("68", new AdditionProblem(23, 45).Answer);
        Assert.Equal(1.0, AdditionTask.ExactMatch("23+45=", "68"));
        Assert.Equal(0.0, AdditionTask.ExactMatch("23+45=", "68 "));
        Assert.Equal(0.0, AdditionTask.ExactMatch("23+45=", "67"));
        Assert.Equal("118", AdditionTask.AnswerFor("99+19="));
        Assert.Throws<ArgumentException>(() => AdditionTask.AnswerFor("hello"));
    }
}
