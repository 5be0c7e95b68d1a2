using NorseAlerts.Admin;

return AdminCli.Run(args, Console.Out, Console.Error, TimeProvider.System);
