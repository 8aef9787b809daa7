namespace Libp2p.Core.Abstractions;

/// <summary>Base of every protocol-level failure raised by the reference stack.</summary>
public class Libp2pException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Libp2pException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The remote violated a protocol rule (bad frame, limit exceeded, bad signature...).</summary>
public class ProtocolViolationException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public ProtocolViolationException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The stream was reset by either side.</summary>
public class StreamResetException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public StreamResetException(string message = "stream reset") : base(message) { }
}

/// <summary>The muxer session has ended.</summary>
public class MuxerClosedException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public MuxerClosedException(string message = "muxer session closed", Exception? inner = null) : base(message, inner) { }
}

/// <summary>The authenticated remote is not the peer we dialed.</summary>
public class PeerIdMismatchException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public PeerIdMismatchException(string expected, string actual)
        : base($"peer ID mismatch: expected {expected}, remote proved {actual}") { }
}

/// <summary>multistream-select found no protocol both sides speak.</summary>
public class ProtocolNotSupportedException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public ProtocolNotSupportedException(string message) : base(message) { }
}
