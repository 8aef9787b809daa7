using Libp2p.Security.Noise;

namespace Libp2p.Security.Tests.Noise;

/// <summary>A completed in-memory XX handshake, for transport-phase tests.</summary>
internal sealed class NoiseTestPair : IDisposable
{
    private NoiseTestPair(NoiseTransportState initiator, NoiseTransportState responder)
    {
        Initiator = initiator;
        Responder = responder;
    }

    public NoiseTransportState Initiator { get; }

    public NoiseTransportState Responder { get; }

    public static NoiseTestPair Create()
    {
        using var initiator = NoiseHandshakeState.CreateInitiator(NoiseKeyPair.Generate());
        using var responder = NoiseHandshakeState.CreateResponder(NoiseKeyPair.Generate());
        var message = new byte[NoiseHandshakeState.MaxMessageLength];
        var payload = new byte[NoiseHandshakeState.MaxMessageLength];
        responder.ReadMessage(message.AsSpan(0, initiator.WriteMessage([], message)), payload);
        initiator.ReadMessage(message.AsSpan(0, responder.WriteMessage([], message)), payload);
        responder.ReadMessage(message.AsSpan(0, initiator.WriteMessage([], message)), payload);
        return new NoiseTestPair(initiator.Split(), responder.Split());
    }

    public void Dispose()
    {
        Initiator.Dispose();
        Responder.Dispose();
    }
}
