using System.Collections.Immutable;
using System.Globalization;
using HeavyRanker.Generators.Emit;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>The generated code must not depend on the culture of the machine that builds it.</summary>
public sealed class CultureTests
{
    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("tr-TR")]
    [InlineData("fr-CH")]
    public void OutputIdenticalUnderCulture(string cultureName)
    {
        var culture = new CultureInfo(cultureName);

        foreach (string spec in new[] { "AllTypes.ranker.yaml", "NotificationRanker.ranker.yaml" })
        {
            ImmutableDictionary<string, string> invariant = GenerateUnder(CultureInfo.InvariantCulture, spec);
            ImmutableDictionary<string, string> localized = GenerateUnder(culture, spec);

            Assert.Equal(invariant.Keys.Order(), localized.Keys.Order());
            foreach ((string hintName, string text) in invariant)
            {
                Assert.Equal(text, localized[hintName]);
            }
        }
    }

    [Fact]
    public void DecimalsKeepPointUnderGerman()
    {
        // Without ICU (invariant globalization) de-DE would format like the invariant culture and the test would prove nothing.
        Assert.Equal(",", new CultureInfo("de-DE").NumberFormat.NumberDecimalSeparator);

        ImmutableDictionary<string, string> sources = GenerateUnder(new CultureInfo("de-DE"), "AllTypes.ranker.yaml");

        string definition = sources["HeavyRanker.Tests.AllTypesModel.AllTypesDefinition.g.cs"];
        Assert.Contains("new(\"open\", \"label\", 0.5),", definition, StringComparison.Ordinal);
        Assert.Contains("\"score_weight\": 0.5", definition, StringComparison.Ordinal);
        string extractor = sources["HeavyRanker.Tests.AllTypesModel.AllTypesFeatureExtractor.g.cs"];
        Assert.Contains("record.UserOpenRate ?? 0.05)", extractor, StringComparison.Ordinal);
        Assert.Contains("record.TweetScore ?? -1.5E-07)", extractor, StringComparison.Ordinal);
    }

    [Fact]
    public void LiteralsKeepPointUnderGerman()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");

            Assert.Equal("0.5f", CSharpLiterals.Float(0.5f));
            Assert.Equal("1f", CSharpLiterals.Float(1f));
            Assert.Equal("0.5", CSharpLiterals.Double(0.5));
            Assert.Equal("1.0", CSharpLiterals.Double(1));
            Assert.Equal("1E-05", CSharpLiterals.Double(1e-5));
            Assert.Equal("-1234567L", CSharpLiterals.Long(-1234567));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    /// <summary>Runs the generator on this thread with <paramref name="culture"/> as its current culture.</summary>
    private static ImmutableDictionary<string, string> GenerateUnder(CultureInfo culture, string specFileName)
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        CultureInfo originalUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return GeneratorRunner.GenerateFromSpecFile(specFileName);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = originalUi;
        }
    }
}
