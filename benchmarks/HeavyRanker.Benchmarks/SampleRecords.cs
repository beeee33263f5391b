using NotificationRanker.Model;

namespace HeavyRanker.Benchmarks;

/// <summary>
/// Synthetic NotificationRanker records shaped like real traffic: most dense values present, a few
/// short strings, sets of 3 to 10 elements and maps of 2 to 5 entries, from a fixed seed.
/// </summary>
internal static class SampleRecords
{
    private static readonly string[] Languages = { "en", "es", "ja", "pt", "de", "fr", "ar", "tr" };
    private static readonly string[] Devices = { "ios", "android", "web", "ipad" };

    public static NotificationRankerRecord[] Create(int count, int seed)
    {
        var random = new Random(seed);
        var records = new NotificationRankerRecord[count];
        for (int index = 0; index < count; index++)
        {
            records[index] = Create(random);
        }

        return records;
    }

    private static NotificationRankerRecord Create(Random random) => new()
    {
        UserAge = Maybe(random, 18 + (random.NextDouble() * 50)),
        UserAccountAgeDays = random.Next(1, 5000),
        UserFollowers = random.Next(0, 100_000),
        UserFollowing = random.Next(0, 5000),
        UserSessions7d = Maybe(random, random.Next(0, 80)),
        UserNotificationsOpened30d = random.Next(0, 300),
        UserNotificationsReceived30d = random.Next(0, 900),
        UserOpenRate30d = Maybe(random, random.NextDouble()),
        UserMinutesSinceLastOpen = random.Next(0, 50_000),
        AuthorFollowers = random.Next(0, 10_000_000),
        AuthorTweets7d = random.Next(0, 500),
        TweetAgeMinutes = random.Next(0, 1440),
        TweetLikes = random.Next(0, 100_000),
        TweetRetweets = random.Next(0, 20_000),
        TweetReplies = random.Next(0, 5000),
        TweetTextLength = random.Next(1, 280),
        EdgeInteractions30d = random.Next(0, 50),
        EdgeRealGraphScore = Maybe(random, random.NextDouble()),
        EdgeDaysSinceLastInteraction = random.Next(0, 365),
        RequestHourOfDay = random.Next(0, 24),
        UserIsVerified = random.Next(20) == 0,
        UserPushEnabled = random.Next(10) != 0,
        AuthorIsVerified = random.Next(5) == 0,
        EdgeFollowsAuthor = random.Next(2) == 0,
        EdgeAuthorFollowsUser = random.Next(3) == 0,
        TweetHasMedia = random.Next(2) == 0,
        TweetHasLink = random.Next(4) == 0,
        TweetIsReply = random.Next(6) == 0,
        NotificationType = random.Next(0, 40),
        UserCountryId = random.Next(0, 250),
        RequestDayOfWeek = random.Next(0, 7),
        MetaAuthorIdV2 = random.NextInt64(1, long.MaxValue),
        UserLanguage = random.Next(10) == 0 ? null : Languages[random.Next(Languages.Length)],
        UserDeviceType = Devices[random.Next(Devices.Length)],
        TweetLanguage = Languages[random.Next(Languages.Length)],
        UserInterests = Set(random, "interest.", 3, 10),
        TweetHashtags = Set(random, "#tag", 3, 10),
        TweetEntities = Set(random, "entity.", 3, 10),
        UserTopicAffinity = Map(random, "topic.affinity.", 2, 5),
        TweetTopicScores = Map(random, "topic.score.", 2, 5),
        OpenLabel = random.Next(5) == 0 ? 1 : 0,
        EngageLabel = random.Next(20) == 0 ? 1 : 0,
    };

    private static double? Maybe(Random random, double value) => random.Next(10) == 0 ? null : value;

    private static HashSet<string> Set(Random random, string prefix, int min, int max)
    {
        int count = random.Next(min, max + 1);
        var set = new HashSet<string>(count);
        while (set.Count < count)
        {
            set.Add(prefix + random.Next(0, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return set;
    }

    private static Dictionary<string, double> Map(Random random, string prefix, int min, int max)
    {
        int count = random.Next(min, max + 1);
        var map = new Dictionary<string, double>(count);
        while (map.Count < count)
        {
            map[prefix + random.Next(0, 500).ToString(System.Globalization.CultureInfo.InvariantCulture)] = random.NextDouble();
        }

        return map;
    }
}
