using HeavyRanker.Runtime.Randomness;

namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>
/// Generates rows for the sample notification spec (<c>samples/NotificationRanker</c>): heavy-tailed
/// counts, rare binary flags, Zipf-distributed ids, language and device strings, interest and
/// hashtag sets and topic maps, with labels drawn from a known logistic model over those same
/// features. Because the true probabilities are known, the best achievable ROC-AUC is known too.
/// Rows are independent, so any number can be streamed in constant memory. The ground-truth
/// model is described in docs/data-formats.md.
/// </summary>
/// <remarks>
/// The output is a function of the seed. NOTE: the draws use Math.Log, Exp and Cos, and another
/// runtime or CPU may round those differently in the last bit. Values are rounded before they
/// are written, so such a difference rarely shows in the files.
/// </remarks>
public sealed class NotificationDataGenerator
{
    /// <summary>Column names of the continuous features, in spec order.</summary>
    public static IReadOnlyList<string> ContinuousColumns { get; } =
    [
        "user_age", "user_account_age_days", "user_followers", "user_following", "user_sessions_7d",
        "user_notifications_opened_30d", "user_notifications_received_30d", "user_open_rate_30d",
        "user_minutes_since_last_open", "author_followers", "author_tweets_7d", "tweet_age_minutes",
        "tweet_likes", "tweet_retweets", "tweet_replies", "tweet_text_length", "edge_interactions_30d",
        "edge_real_graph_score", "edge_days_since_last_interaction", "request_hour_of_day",
    ];

    /// <summary>Column names of the binary features, in spec order.</summary>
    public static IReadOnlyList<string> BinaryColumns { get; } =
    [
        "user_is_verified", "user_push_enabled", "author_is_verified", "edge_follows_author",
        "edge_author_follows_user", "tweet_has_media", "tweet_has_link", "tweet_is_reply",
    ];

    /// <summary>Column names of the discrete features, in spec order.</summary>
    public static IReadOnlyList<string> DiscreteColumns { get; } = ["notification_type", "user_country_id", "request_day_of_week", "author_id"];

    /// <summary>Column names of the string features, in spec order.</summary>
    public static IReadOnlyList<string> StringColumns { get; } = ["user_language", "user_device_type", "tweet_language"];

    /// <summary>Column names of the set features, in spec order.</summary>
    public static IReadOnlyList<string> SetColumns { get; } = ["user_interests", "tweet_hashtags", "tweet_entities"];

    /// <summary>Column names of the map features, in spec order.</summary>
    public static IReadOnlyList<string> MapColumns { get; } = ["user_topic_affinity", "tweet_topic_scores"];

    /// <summary>Label columns: open, engage and dislike.</summary>
    public static IReadOnlyList<string> LabelColumns { get; } = ["label", "label.engagement", "label.ntabDislike"];

    /// <summary>The per-record weight column.</summary>
    public const string WeightColumn = "weight";

    /// <summary>Every written column with its kind, in file order: features by type, labels, weight.</summary>
    public static IReadOnlyList<(string Name, SyntheticColumnKind Kind)> Columns { get; } =
    [
        .. ContinuousColumns.Select(name => (name, SyntheticColumnKind.Continuous)),
        .. BinaryColumns.Select(name => (name, SyntheticColumnKind.Binary)),
        .. DiscreteColumns.Select(name => (name, SyntheticColumnKind.Discrete)),
        .. StringColumns.Select(name => (name, SyntheticColumnKind.String)),
        .. SetColumns.Select(name => (name, SyntheticColumnKind.Set)),
        .. MapColumns.Select(name => (name, SyntheticColumnKind.Map)),
        .. LabelColumns.Select(name => (name, SyntheticColumnKind.Label)),
        (WeightColumn, SyntheticColumnKind.Continuous),
    ];

    // Continuous column positions.
    private const int UserAge = 0, AccountAgeDays = 1, UserFollowers = 2, UserFollowing = 3, Sessions7d = 4,
        Opened30d = 5, Received30d = 6, OpenRate30d = 7, MinutesSinceLastOpen = 8, AuthorFollowers = 9,
        AuthorTweets7d = 10, TweetAgeMinutes = 11, TweetLikes = 12, TweetRetweets = 13, TweetReplies = 14,
        TextLength = 15, EdgeInteractions = 16, RealGraphScore = 17, DaysSinceInteraction = 18, HourOfDay = 19;

    // Binary, discrete, string, set and map column positions.
    private const int UserVerified = 0, PushEnabled = 1, AuthorVerified = 2, FollowsAuthor = 3, AuthorFollowsUser = 4,
        HasMedia = 5, HasLink = 6, IsReply = 7;

    private const int NotificationType = 0, CountryId = 1, DayOfWeek = 2, AuthorId = 3;
    private const int UserLanguage = 0, DeviceType = 1, TweetLanguage = 2;
    private const int Interests = 0, Hashtags = 1, Entities = 2;
    private const int TopicAffinity = 0, TopicScores = 1;

    private static readonly string[] Topics =
    [
        "sports", "music", "politics", "technology", "gaming", "movies", "tv", "science", "business", "finance",
        "crypto", "fashion", "beauty", "food", "travel", "fitness", "health", "news", "weather", "art",
        "books", "education", "parenting", "pets", "cars", "anime", "comedy", "celebrities", "religion", "history",
        "nature", "space", "photography", "design", "programming", "startups", "soccer", "basketball", "baseball", "cricket",
    ];

    private static readonly (string Code, double Weight)[] Languages =
    [
        ("en", 0.45), ("es", 0.12), ("ja", 0.10), ("pt", 0.07), ("ar", 0.05), ("fr", 0.04), ("tr", 0.03), ("ko", 0.03),
        ("de", 0.02), ("hi", 0.02), ("id", 0.02), ("ru", 0.02), ("it", 0.01), ("th", 0.01), ("nl", 0.01),
    ];

    private static readonly (string Name, double Weight, double OpenEffect)[] Devices =
    [
        ("android", 0.46, 0.0), ("ios", 0.42, 0.15), ("web", 0.08, -0.5), ("ipad", 0.04, 0.05),
    ];

    // Logit effects per notification type 1..12 on open and on engage given open.
    private static readonly double[] TypeOpenEffect = [0.6, 0.2, 0.0, -0.3, 0.4, -0.6, 0.1, -0.2, 0.3, -0.4, 0.0, -0.8];
    private static readonly double[] TypeEngageEffect = [0.3, 0.1, 0.2, -0.2, 0.0, -0.4, 0.2, 0.0, 0.1, -0.1, 0.0, -0.5];

    private readonly RandomSource _random;
    private readonly ZipfTable _notificationTypes = new(12, 1.1);
    private readonly ZipfTable _countries = new(200, 1.2);
    private readonly ZipfTable _topics = new(Topics.Length, 0.9);
    private readonly ZipfTable _hashtags = new(20_000, 1.05);
    private readonly ZipfTable _entities = new(100_000, 1.0);
    private readonly double[] _languageCumulative = Cumulative(Languages.Select(l => l.Weight));
    private readonly double[] _deviceCumulative = Cumulative(Devices.Select(d => d.Weight));

    /// <summary>Creates a generator; equal seeds give equal rows.</summary>
    public NotificationDataGenerator(ulong seed)
    {
        Seed = seed;
        _random = new RandomSource(seed);
    }

    /// <summary>The seed the generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>Creates an example to pass to <see cref="Next"/>.</summary>
    public static NotificationExample CreateExample() =>
        new(ContinuousColumns.Count, BinaryColumns.Count, DiscreteColumns.Count, StringColumns.Count, SetColumns.Count, MapColumns.Count);

    /// <summary>Overwrites <paramref name="example"/> with the next row: features, then probabilities, then labels.</summary>
    public void Next(NotificationExample example)
    {
        DrawUser(example);
        DrawAuthorAndTweet(example);
        DrawEdgeAndRequest(example);
        DrawCategoricals(example);
        DrawSetsAndMaps(example);
        ComputeProbabilities(example);
        DrawLabels(example);
    }

    private void DrawUser(NotificationExample e)
    {
        var c = e.Continuous;

        // A hidden engagement propensity links sessions, open history and recency. The model reads only its effects.
        var propensity = _random.NextNormal();
        c[UserAge] = Missing(0.25) ? null : Math.Clamp(Math.Round(_random.LogNormal(30, 0.35)), 13, 90);
        c[AccountAgeDays] = Math.Clamp(Math.Round(_random.LogNormal(900, 1.0)), 1, 6000);
        c[UserFollowers] = Math.Round(_random.LogNormal(60, 1.8));
        c[UserFollowing] = Math.Round(_random.LogNormal(150, 1.2));
        c[Sessions7d] = Missing(0.05) ? null : _random.Bernoulli(0.1) ? 0 : Math.Round(_random.LogNormal(8 * Math.Exp(0.5 * propensity), 0.8));

        var received = Math.Round(_random.LogNormal(60, 0.9));
        var openRate = Sigmoid(-2.5 + 0.9 * propensity) * _random.LogNormal(1, 0.3);
        var opened = Math.Min(received, Math.Round(received * openRate));
        c[Received30d] = received;
        c[Opened30d] = opened;
        c[OpenRate30d] = received == 0 ? null : Math.Round(opened / received, 4);
        c[MinutesSinceLastOpen] = opened == 0 ? null : Math.Round(_random.LogNormal(600 * Math.Exp(-0.8 * propensity), 1.5));

        e.Binary[UserVerified] = Flag(0.004);
        e.Binary[PushEnabled] = _random.Bernoulli(0.92);
    }

    private void DrawAuthorAndTweet(NotificationExample e)
    {
        var c = e.Continuous;
        var authorFollowers = Math.Round(_random.LogNormal(2000, 2.2));
        var likes = Math.Floor(_random.LogNormal(Math.Exp(0.55 * Math.Log(1 + authorFollowers) - 1), 1.2));
        c[AuthorFollowers] = authorFollowers;
        c[AuthorTweets7d] = Math.Round(_random.LogNormal(10, 1.3));
        c[TweetAgeMinutes] = Math.Round(_random.LogNormal(45, 1.2));
        c[TweetLikes] = likes;
        c[TweetRetweets] = Math.Floor(likes * 0.15 * _random.LogNormal(1, 0.7));
        c[TweetReplies] = Math.Floor(likes * 0.08 * _random.LogNormal(1, 0.8));
        c[TextLength] = Math.Clamp(Math.Round(120 + 70 * _random.NextNormal()), 1, 280);

        e.Binary[AuthorVerified] = Flag(0.06);
        e.Binary[HasMedia] = Flag(0.35);
        e.Binary[HasLink] = Flag(0.18);
        e.Binary[IsReply] = Flag(0.08);
    }

    private void DrawEdgeAndRequest(NotificationExample e)
    {
        var c = e.Continuous;
        var interactions = _random.Bernoulli(0.55) ? 0 : Math.Round(_random.LogNormal(4, 1.1));
        c[EdgeInteractions] = interactions;
        c[RealGraphScore] = interactions == 0 && Missing(0.6)
            ? null
            : Math.Round(Sigmoid(-2 + 0.6 * Math.Log(1 + interactions) + 0.5 * _random.NextNormal()), 4);
        c[DaysSinceInteraction] = interactions == 0 ? null : Math.Round(_random.LogNormal(3, 1.0), 1);

        // Most requests fall in the evening: a normal around 19:00 wrapped to the day.
        var hour = Math.Floor(19 + 4.5 * _random.NextNormal()) % 24;
        c[HourOfDay] = hour < 0 ? hour + 24 : hour;

        var follows = _random.Bernoulli(0.45);
        e.Binary[FollowsAuthor] = Missing(0.02) ? null : follows;
        e.Binary[AuthorFollowsUser] = Flag(follows ? 0.2 : 0.05);
    }

    private void DrawCategoricals(NotificationExample e)
    {
        e.Discrete[NotificationType] = _notificationTypes.Sample(_random);
        e.Discrete[CountryId] = Missing(0.03) ? null : _countries.Sample(_random);
        e.Discrete[DayOfWeek] = _random.NextInt(7);

        // A discrete Pareto rank (P(rank >= k) = k^-0.8) scrambled by an odd multiplier, a bijection modulo 10^10.
        var rank = (ulong)Math.Min(_random.Pareto(1, 0.8), 2_000_000);
        e.Discrete[AuthorId] = (long)(rank * 2654435761UL % 10_000_000_000UL);

        var userLanguage = Languages[Pick(_languageCumulative)].Code;
        e.Strings[UserLanguage] = Missing(0.03) ? null : userLanguage;
        e.Strings[DeviceType] = Missing(0.01) ? null : Devices[Pick(_deviceCumulative)].Name;
        e.Strings[TweetLanguage] = Missing(0.02) ? null : _random.Bernoulli(0.8) ? userLanguage : Languages[Pick(_languageCumulative)].Code;
    }

    private void DrawSetsAndMaps(NotificationExample e)
    {
        // Interests: 0-10 topics; the affinity map scores them (plus a few weak extra topics).
        var interests = e.SetBuffers[Interests];
        var affinity = e.MapBuffers[TopicAffinity];
        interests.Clear();
        affinity.Clear();
        var interestsMissing = Missing(0.08);
        var interestCount = Math.Min(10, (int)Math.Floor(_random.LogNormal(3, 0.7)));
        for (var attempt = 0; attempt < 30 && interests.Count < interestCount; attempt++)
        {
            var topic = Topics[_topics.Sample(_random) - 1];
            if (!interests.Contains(topic))
            {
                interests.Add(topic);
                affinity.Add(new(topic, Math.Round(Math.Sqrt(_random.NextDouble()), 3)));
            }
        }

        var extra = _random.NextInt(3);
        for (var i = 0; i < extra; i++)
        {
            var topic = Topics[_random.NextInt(Topics.Length)];
            if (!interests.Contains(topic) && !ContainsKey(affinity, topic))
            {
                affinity.Add(new(topic, Math.Round(0.2 * _random.NextDouble(), 3)));
            }
        }

        e.Sets[Interests] = interestsMissing ? null : interests;
        e.Maps[TopicAffinity] = interestsMissing ? null : affinity;

        FillZipfSet(e.SetBuffers[Hashtags], _random.Bernoulli(0.6) ? 0 : 1 + _random.NextInt(5), _hashtags, "tag");
        e.Sets[Hashtags] = e.SetBuffers[Hashtags];
        FillZipfSet(e.SetBuffers[Entities], _random.NextInt(5), _entities, "entity");
        e.Sets[Entities] = Missing(0.05) ? null : e.SetBuffers[Entities];

        // Tweet topics: 1-3 topics with scores that sum to at most 1.
        var scores = e.MapBuffers[TopicScores];
        scores.Clear();
        var topicCount = 1 + _random.NextInt(3);
        var total = 0.0;
        Span<double> raw = stackalloc double[3];
        for (var i = 0; i < topicCount; i++)
        {
            raw[i] = _random.Exponential(1);
            total += raw[i];
        }

        for (var i = 0; i < topicCount; i++)
        {
            var topic = Topics[_topics.Sample(_random) - 1];
            if (!ContainsKey(scores, topic))
            {
                scores.Add(new(topic, Math.Floor(1000 * raw[i] / total) / 1000));
            }
        }

        e.Maps[TopicScores] = Missing(0.05) ? null : scores;
    }

    private void FillZipfSet(List<string> set, int count, ZipfTable table, string prefix)
    {
        set.Clear();
        for (var attempt = 0; attempt < 3 * count && set.Count < count; attempt++)
        {
            var item = prefix + table.Sample(_random).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!set.Contains(item))
            {
                set.Add(item);
            }
        }
    }

    // The ground-truth model: logistic in the written feature values, with missing values read as
    // the spec's defaults (sessions 0, open rate 0.05, language "en") or as 0.
    private static void ComputeProbabilities(NotificationExample e)
    {
        var c = e.Continuous;
        var follows = One(e.Binary[FollowsAuthor]);
        var authorVerified = One(e.Binary[AuthorVerified]);
        var mutual = follows * One(e.Binary[AuthorFollowsUser]);
        var hasMedia = One(e.Binary[HasMedia]);
        var isReply = One(e.Binary[IsReply]);
        var device = DeviceIndex(e.Strings[DeviceType]);
        var isWeb = device >= 0 && Devices[device].Name == "web" ? 1.0 : 0.0;
        var type = (int)e.Discrete[NotificationType]!.Value - 1;
        var sameLanguage = (e.Strings[UserLanguage] ?? "en") == e.Strings[TweetLanguage] ? 1.0 : 0.0;
        var topicMatch = TopicMatch(e.Maps[TopicAffinity], e.Maps[TopicScores]);
        var interactions = Log1p(c[EdgeInteractions]);
        var likes = Log1p(c[TweetLikes]);

        var openLogit = -5.1
            + 8.0 * ((c[OpenRate30d] ?? 0.05) - 0.05)
            + 0.25 * (Log1p(c[Sessions7d]) - 2)
            - 0.12 * (Math.Log(1 + (c[MinutesSinceLastOpen] ?? 10_000)) - 6)
            + 0.8 * follows
            + 1.2 * (c[RealGraphScore] ?? 0)
            + 0.15 * interactions
            - 0.18 * (Log1p(c[TweetAgeMinutes]) - 3.8)
            + 0.10 * (likes - 2)
            + 0.35 * authorVerified
            - 2.0 * (1 - One(e.Binary[PushEnabled]))
            + TypeOpenEffect[type]
            + 0.35 * Math.Cos(2 * Math.PI * (c[HourOfDay]!.Value - 20) / 24)
            + 0.5 * sameLanguage
            + (device >= 0 ? Devices[device].OpenEffect : 0)
            + 1.5 * topicMatch
            + 0.6 * follows * authorVerified
            + 0.5 * hasMedia * (1 - isWeb)
            - 0.3 * isReply * (1 - follows);

        var engageLogit = -2.1
            + 0.5 * hasMedia
            - 0.25 * One(e.Binary[HasLink])
            + 0.3 * isReply
            + 0.3 * interactions
            + 1.5 * topicMatch
            + 0.12 * (likes - 2)
            + 0.4 * mutual
            - 0.2 * (Log1p(c[TextLength]) - 4.5)
            + TypeEngageEffect[type];

        var dislikeLogit = -5.4
            + 1.0 * (1 - follows)
            + (type is 5 or 11 ? 0.8 : 0)
            - 2.0 * topicMatch;

        e.OpenProbability = Sigmoid(openLogit);
        e.EngageGivenOpenProbability = Sigmoid(engageLogit);
        e.DislikeProbability = Sigmoid(dislikeLogit);
    }

    private void DrawLabels(NotificationExample e)
    {
        // A disliked notification was neither opened nor engaged with; the three draws are made for every row so the stream does not depend on outcomes.
        var dislike = _random.Bernoulli(e.DislikeProbability);
        var open = _random.Bernoulli(e.OpenProbability);
        var engage = _random.Bernoulli(e.EngageGivenOpenProbability);
        e.Dislike = dislike ? 1 : 0;
        e.Open = open && !dislike ? 1 : 0;
        e.Engage = e.Open == 1 && engage ? 1 : 0;
        e.Weight = Math.Round(Math.Exp(0.3 * _random.NextNormal()), 3);
    }

    /// <summary>Returns Σ affinity[topic] · score[topic] over the tweet's topics, in [0, 1].</summary>
    private static double TopicMatch(List<KeyValuePair<string, double>>? affinity, List<KeyValuePair<string, double>>? scores)
    {
        if (affinity is null || scores is null)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var score in scores)
        {
            foreach (var entry in affinity)
            {
                if (entry.Key == score.Key)
                {
                    sum += entry.Value * score.Value;
                }
            }
        }

        return sum;
    }

    private static bool ContainsKey(List<KeyValuePair<string, double>> map, string key)
    {
        foreach (var entry in map)
        {
            if (entry.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    private static int DeviceIndex(string? name)
    {
        for (var i = 0; i < Devices.Length; i++)
        {
            if (Devices[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private bool Missing(double probability) => _random.Bernoulli(probability);

    private bool? Flag(double probability) => Missing(0.02) ? null : _random.Bernoulli(probability);

    private int Pick(double[] cumulative)
    {
        var u = _random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, u);
        return Math.Min(index >= 0 ? index + 1 : ~index, cumulative.Length - 1);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var total = 0.0;
        return weights.Select(weight => total += weight).ToArray();
    }

    private static double One(bool? flag) => flag == true ? 1 : 0;

    private static double Log1p(double? value) => Math.Log(1 + (value ?? 0));

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
