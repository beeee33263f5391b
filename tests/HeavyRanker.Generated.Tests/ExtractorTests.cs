using System.Collections.Frozen;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Tests.AllTypesModel;

namespace HeavyRanker.Generated.Tests;

/// <summary>
/// The generated AllTypes extractor against arrays computed by hand. Expected keys come from the
/// twml formulas written out here, and feature ids from published values where one exists
/// (<c>user.age</c>, <c>categorical_7</c>, <c>meta.user_id#v2</c>).
/// </summary>
public sealed class ExtractorTests
{
    private const long UserAgeId = 1589670941332718913L;
    private const long Categorical7Id = 8012072956842070134L;
    private const long MetaUserIdV2Id = -6708668741826936518L;
    private const int Bits = 12;
    private const long Mask = (1L << Bits) - 1;

    [Fact]
    public void ContinuousBlockReplacesNonFinite()
    {
        AllTypesRecord[] records =
        {
            new() { UserAge = double.NaN, UserOpenRate = null, UserSessions = double.PositiveInfinity, TweetScore = double.NegativeInfinity },
            new() { UserAge = null, UserOpenRate = 0.25, UserSessions = 3.5, TweetScore = null },
            new() { UserAge = 1e300, UserOpenRate = -2, UserSessions = -0.125, TweetScore = 7 },
        };

        FeatureBatch batch = Extract(records);

        float[] expected =
        {
            0f, 0.05f, 0f, 0f,
            0f, 0.25f, 3.5f, -1.5e-7f,
            0f, -2f, -0.125f, 7f,
        };
        Assert.Equal(expected, batch.Continuous.ToArray());
    }

    [Fact]
    public void BinaryBlockUsesDefaults()
    {
        AllTypesRecord[] records =
        {
            new() { UserIsVerified = null, UserPushEnabled = null, EdgeFollows = true },
            new() { UserIsVerified = true, UserPushEnabled = false, EdgeFollows = false },
        };

        FeatureBatch batch = Extract(records);

        Assert.Equal(new[] { 0f, 1f, 1f, 1f, 0f, 0f }, batch.Binary.ToArray());
    }

    [Fact]
    public void DiscreteKeysMatchFormula()
    {
        var record = new AllTypesRecord { Categorical7 = 31, MetaUserIdV2 = null, RequestDayOfWeek = -5, UserLanguage = null };

        FeatureBatch batch = Extract(new[] { record });

        // The published key of categorical_7 = 31, and its bucket at 18 bits, check the formula itself.
        long categoricalKey = unchecked(Categorical7Id ^ ((17 + 31) * 2654435761L));
        Assert.Equal(8012073036674171206L, categoricalKey);
        Assert.Equal(196934L, categoricalKey & ((1L << 18) - 1));

        long defaultKey = unchecked(MetaUserIdV2Id ^ ((17 + -3) * 2654435761L));
        long dayKey = unchecked(AllTypesFeatureExtractor.RequestDayOfWeekFeatureId ^ ((17 + -5) * 2654435761L));
        long languageKey = AllTypesFeatureExtractor.UserLanguageFeatureId ^ JavaHash("en"u8);
        long deviceKey = AllTypesFeatureExtractor.UserDeviceFeatureId ^ 0L;
        int[] expected =
        {
            (int)(categoricalKey & Mask),
            (int)(defaultKey & Mask),
            (int)(dayKey & Mask),
            (int)(languageKey & Mask),
            (int)(deviceKey & Mask),
        };
        Assert.Equal(expected, batch.SparseNotContinuous.Keys.ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, 1f }, batch.SparseNotContinuous.Values.ToArray());
    }

    [Fact]
    public void StringKeysHashUtf8Bytes()
    {
        var record = new AllTypesRecord
        {
            Categorical7 = null,
            UserLanguage = "",
            UserCity = "é",
            UserDevice = "ü東",
        };

        FeatureBatch batch = Extract(new[] { record });

        // "é" is UTF-8 C3 A9, "ü" is C3 BC and "東" is E6 9D B1; Java's byte is signed.
        int cityHash = (31 * unchecked((sbyte)0xC3)) + unchecked((sbyte)0xA9);
        Assert.Equal(-1978, cityHash);
        long deviceHash = JavaHash(new byte[] { 0xC3, 0xBC, 0xE6, 0x9D, 0xB1 });
        long metaKey = unchecked(MetaUserIdV2Id ^ ((17 + -3) * 2654435761L));
        long dayKey = unchecked(AllTypesFeatureExtractor.RequestDayOfWeekFeatureId ^ (17 * 2654435761L));
        int[] expected =
        {
            (int)(metaKey & Mask),
            (int)(dayKey & Mask),
            (int)(AllTypesFeatureExtractor.UserLanguageFeatureId & Mask),
            (int)((AllTypesFeatureExtractor.UserCityFeatureId ^ cityHash) & Mask),
            (int)((AllTypesFeatureExtractor.UserDeviceFeatureId ^ deviceHash) & Mask),
        };
        Assert.Equal(expected, batch.SparseNotContinuous.Keys.ToArray());
    }

    [Fact]
    public void SetsAddOneEntryPerElement()
    {
        var record = new AllTypesRecord
        {
            UserLanguage = "en",
            UserInterests = new HashSet<string>(),
            TweetHashtags = new HashSet<string> { "a", "b" },
        };

        FeatureBatch batch = Extract(new[] { record });

        // Four single-valued entries (user id default, day of week, language, device), then the two
        // hashtags. The empty interest set adds none.
        ReadOnlySpan<int> keys = batch.SparseNotContinuous.RowKeys(0);
        Assert.Equal(6, keys.Length);
        int[] setKeys = keys.Slice(4).ToArray();
        int[] expected =
        {
            (int)((AllTypesFeatureExtractor.TweetHashtagsFeatureId ^ 'a') & Mask),
            (int)((AllTypesFeatureExtractor.TweetHashtagsFeatureId ^ 'b') & Mask),
        };
        Assert.Equal(expected.Order(), setKeys.Order());
    }

    [Fact]
    public void MapsDropNonFiniteValues()
    {
        var record = new AllTypesRecord
        {
            UserTopicAffinity = new Dictionary<string, double>
            {
                ["user.age"] = 2.5,
                ["topic.nan"] = double.NaN,
                ["topic.inf"] = double.PositiveInfinity,
                ["meta.user_id#v2"] = -0.75,
            },
            TweetTopicScores = FrozenDictionary<string, double>.Empty,
        };

        FeatureBatch batch = Extract(new[] { record });

        Assert.Equal(new[] { (int)(UserAgeId & Mask), (int)(MetaUserIdV2Id & Mask) }, batch.SparseContinuous.Keys.ToArray());
        Assert.Equal(new[] { 2.5f, -0.75f }, batch.SparseContinuous.Values.ToArray());
    }

    [Fact]
    public void RowOffsetsFollowEntryCounts()
    {
        AllTypesRecord[] records =
        {
            // Not continuous: meta default, day, language default, device. Continuous: none.
            new(),
            // Not continuous: 4 as above + categorical + city + 3 interests + 1 hashtag. Continuous: 2 + 1.
            new()
            {
                Categorical7 = 1,
                UserCity = "x",
                UserInterests = new HashSet<string> { "p", "q", "r" },
                TweetHashtags = new HashSet<string> { "h" },
                UserTopicAffinity = new Dictionary<string, double> { ["a"] = 1, ["b"] = 2 },
                TweetTopicScores = new Dictionary<string, double> { ["c"] = 3 },
            },
            // Not continuous: 4. Continuous: 1 (the NaN entry is dropped).
            new() { TweetTopicScores = new Dictionary<string, double> { ["d"] = 4, ["e"] = double.NaN } },
        };

        FeatureBatch batch = Extract(records);

        Assert.Equal(new[] { 0, 4, 14, 18 }, batch.SparseNotContinuous.Offsets.ToArray());
        Assert.Equal(new[] { 0, 0, 3, 4 }, batch.SparseContinuous.Offsets.ToArray());
        Assert.All(batch.SparseNotContinuous.Keys.ToArray(), key => Assert.InRange(key, 0, (int)Mask));
    }

    [Fact]
    public void LabelsCopyTasksDislikeAndWeight()
    {
        AllTypesRecord[] records =
        {
            new() { OpenLabel = 1, EngageLabel = 0, ShareLabel = 1, DislikeLabel = 0 },
            new() { OpenLabel = 0, EngageLabel = 1, ShareLabel = 0, DislikeLabel = 1, Weight = 2.5f },
        };
        float[] labels = new float[6];
        float[] dislikes = new float[2];
        float[] weights = new float[2];

        AllTypesFeatureExtractor.Instance.ExtractLabels(records, labels, dislikes, weights);

        Assert.Equal(new[] { 1f, 0f, 1f, 0f, 1f, 0f }, labels);
        Assert.Equal(new[] { 0f, 1f }, dislikes);
        Assert.Equal(new[] { 1f, 2.5f }, weights);
    }

    [Fact]
    public void ReusedBatchAllocatesNothing()
    {
        AllTypesRecord[] records = Enumerable.Range(0, 64).Select(index => new AllTypesRecord
        {
            UserAge = index,
            Categorical7 = index,
            UserCity = "city" + index,
            UserInterests = new HashSet<string> { "a" + index, "b" + index, "c" },
            TweetHashtags = FrozenSet.ToFrozenSet(new[] { "x", "y" }),
            UserTopicAffinity = new Dictionary<string, double> { ["t" + index] = index, ["u"] = 1 },
        }).ToArray();
        FeatureBatch batch = FeatureBatch.For(AllTypesDefinition.Instance, capacity: 64);
        float[] labels = new float[64 * AllTypesDefinition.TaskCount];
        float[] dislikes = new float[64];
        float[] weights = new float[64];
        AllTypesFeatureExtractor.Instance.Extract(records, batch);
        AllTypesFeatureExtractor.Instance.ExtractLabels(records, labels, dislikes, weights);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AllTypesFeatureExtractor.Instance.Extract(records, batch);
        AllTypesFeatureExtractor.Instance.ExtractLabels(records, labels, dislikes, weights);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WrongBatchWidthThrows()
    {
        var batch = new FeatureBatch(continuousWidth: 3, binaryWidth: 3);

        ArgumentException exception = Assert.Throws<ArgumentException>(() => AllTypesFeatureExtractor.Instance.Extract(new[] { new AllTypesRecord() }, batch));

        Assert.Contains("needs 4 and 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullRecordThrows()
    {
        FeatureBatch batch = FeatureBatch.For(AllTypesDefinition.Instance);

        ArgumentException exception = Assert.Throws<ArgumentException>(() => AllTypesFeatureExtractor.Instance.Extract(new AllTypesRecord[] { new(), null! }, batch));

        Assert.Contains("records[1] is null", exception.Message, StringComparison.Ordinal);
    }

    private static FeatureBatch Extract(AllTypesRecord[] records)
    {
        FeatureBatch batch = FeatureBatch.For(AllTypesDefinition.Instance);
        AllTypesFeatureExtractor.Instance.Extract(records, batch);
        return batch;
    }

    /// <summary>Computes Java's <c>String.hashCode</c>-style fold <c>h = 31·h + b</c> over signed bytes, in int32, sign-extended.</summary>
    private static long JavaHash(ReadOnlySpan<byte> utf8)
    {
        int hash = 0;
        foreach (byte value in utf8)
        {
            hash = unchecked((31 * hash) + (sbyte)value);
        }

        return hash;
    }
}
