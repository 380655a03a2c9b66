using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.Registration;

/// <summary>Type names in messages are written as C# source, so a message can be pasted back into code.</summary>
public class TypeNamesTests
{
    private sealed class Outer<T>
    {
        public sealed class Inner<TInner>;
    }

    [Theory]
    [InlineData(typeof(float[]), "float[]")]
    [InlineData(typeof(int), "int")]
    [InlineData(typeof(double[,]), "double[,]")]
    [InlineData(typeof(byte[][]), "byte[][]")]
    [InlineData(typeof(int?), "int?")]
    [InlineData(typeof((int, float)), "(int, float)")]
    [InlineData(typeof(Env<float[], int>), "Env<float[], int>")]
    [InlineData(typeof(IReadOnlyDictionary<string, object>), "IReadOnlyDictionary<string, object>")]
    [InlineData(typeof(Box<float>), "Box<float>")]
    [InlineData(typeof(List<int[]>[]), "List<int[]>[]")]
    [InlineData(typeof(Outer<int>.Inner<string>), "TypeNamesTests.Outer<int>.Inner<string>")]
    [InlineData(typeof(Env<,>), "Env<TObs, TAct>")]
    public void FormatsTypesAsCSharp(Type type, string expected) => Assert.Equal(expected, TypeNames.Of(type));

    [Fact]
    public void ValuesAndNullHaveNamesToo()
    {
        Assert.Equal("null", TypeNames.OfValue(null));
        Assert.Equal("long[]", TypeNames.OfValue(new long[2]));
        Assert.Equal("RecordEpisodeStatistics<float[], int>", TypeNames.Of<RecordEpisodeStatistics<float[], int>>());
    }

    [Fact]
    public void AWrongTypedMakeNamesTheRightCallInCSharp()
    {
        var e = Assert.Throws<InvalidCastException>(() => Gym.Make<float[], float[]>("CartPole-v1"));
        Assert.Contains("Gym.Make<float[], int>(\"CartPole-v1\")", e.Message);
        Assert.Contains("not float[] and float[]", e.Message);
        Assert.DoesNotContain("Single", e.Message);
        Assert.DoesNotContain("Int32", e.Message);
        var v = Assert.Throws<InvalidCastException>(() => Gym.MakeVec<double[], int>("CartPole-v1", 2));
        Assert.Contains("Gym.MakeVec<float[], int>(\"CartPole-v1\", ...)", v.Message);
    }

    [Fact]
    public void BatchAndKwargsErrorsUseCSharpNames()
    {
        var batch = new ArrayBatch<float>(2, [3]);
        var e = Assert.Throws<InvalidCastException>(() => batch.AsArray<double>());
        Assert.Contains("stores float elements, not double. Use AsArray<float>()", e.Message);
        var kwargs = new Kwargs(new Dictionary<string, object> { ["size"] = "big" }, "Test-v0");
        var k = Assert.Throws<ArgumentException>(() => kwargs.Get("size", 3));
        Assert.Contains("must be of type int, got string 'big'", k.Message);
    }
}
