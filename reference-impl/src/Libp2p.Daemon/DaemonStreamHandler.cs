namespace Libp2p.Daemon;

/// <summary>Serves one inbound stream the daemon carried to a <see cref="DaemonClient.RegisterStreamHandlerAsync"/> registration.</summary>
public delegate Task DaemonStreamHandler(DaemonStream stream, CancellationToken cancellationToken);
