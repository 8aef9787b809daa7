namespace Libp2p.Muxers.Internal;

/// <summary>Told how many received bytes the application has consumed from a stream's input.</summary>
internal interface IConsumptionSink
{
    void OnConsumed(long bytes);

    void OnReaderCompleted();
}
