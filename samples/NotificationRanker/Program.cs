return await HeavyRanker.Cli.RankerCli.RunAsync(args, NotificationRanker.Model.NotificationRankerModel.Instance);
