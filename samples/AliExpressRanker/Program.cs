return await HeavyRanker.Cli.RankerCli.RunAsync(args, AliExpressRanker.Model.AliExpressRankerModel.Instance);
