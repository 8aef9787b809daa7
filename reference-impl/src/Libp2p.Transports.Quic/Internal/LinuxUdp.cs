using System.Runtime.InteropServices;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// The Linux socket calls .NET does not expose: <c>recvmsg</c> with its control messages, so that a receive can
/// return a UDP GRO buffer (udp(7) UDP_GRO, since 5.0) — many datagrams of one sender in one call, with the
/// segment size they were cut at. On loopback a GSO send reaches a GRO socket as one buffer: one system call and one
/// wake-up for a whole burst instead of one per 1452-byte datagram.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int SolUdp = 17;
    public const int UdpGro = 104;
    public const int MsgDontWait = 0x40;
    private const int MsgTrunc = 0x20;
    private const int ShutRdWr = 2;
    private const int EAgain = 11;

    /// <summary>Big enough for sockaddr_in6 (28 bytes) and any sockaddr_storage the kernel fills.</summary>
    public const int AddressCapacity = 128;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(nint fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(nint fd, int how);

    /// <summary>What one receive returned.</summary>
    public enum Outcome
    {
        /// <summary>A datagram (or a GRO buffer of several) was received.</summary>
        Received,

        /// <summary>Nothing queued (non-blocking call) or the receive timeout passed.</summary>
        Empty,

        /// <summary>An error that loses nothing: an ICMP report for an earlier send, a truncated datagram, EINTR.</summary>
        Transient,

        /// <summary>The socket is shut down or closed.</summary>
        Closed,
    }

    /// <summary>
    /// One <c>recvmsg</c>: fills <paramref name="buffer"/>, the sender's raw sockaddr, and the GRO segment size
    /// (0 when the buffer holds one datagram).
    /// </summary>
    public static Outcome Receive(nint fd, Span<byte> buffer, Span<byte> address, int flags, out int length, out int addressLength, out int segmentSize)
    {
        length = 0;
        addressLength = 0;
        segmentSize = 0;
        // cmsghdr (16 bytes on 64-bit) + an int, aligned: 32 bytes hold the UDP_GRO message.
        byte* control = stackalloc byte[64];
        fixed (byte* data = buffer)
        fixed (byte* name = address)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var message = new MsgHdr
            {
                Name = name,
                NameLength = (uint)address.Length,
                Iov = &iov,
                IovLength = 1,
                Control = control,
                ControlLength = 64,
            };
            nint received = RecvMsg(fd, &message, flags);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno switch
                {
                    EAgain => Outcome.Empty,
                    9 /* EBADF */ or 22 /* EINVAL */ or 107 /* ENOTCONN */ => Outcome.Closed,
                    _ => Outcome.Transient,
                };
            }
            if (received == 0 && message.NameLength == 0)
            {
                // A shut-down socket returns 0 with no sender; an empty datagram has one.
                return Outcome.Closed;
            }
            if ((message.Flags & MsgTrunc) != 0)
            {
                return Outcome.Transient;
            }
            length = (int)received;
            addressLength = (int)message.NameLength;
            segmentSize = GroSegmentSize(control, (int)message.ControlLength);
            return Outcome.Received;
        }
    }

    /// <summary>Wakes a thread blocked in <see cref="Receive"/> on <paramref name="fd"/> (it then returns Closed).</summary>
    public static void WakeReceivers(nint fd) => _ = Shutdown(fd, ShutRdWr);

    private static int GroSegmentSize(byte* control, int controlLength)
    {
        const int headerSize = 16;
        int offset = 0;
        while (offset + headerSize <= controlLength)
        {
            long length = *(long*)(control + offset);
            int level = *(int*)(control + offset + 8);
            int type = *(int*)(control + offset + 12);
            if (length < headerSize || offset + length > controlLength)
            {
                return 0;
            }
            if (level == SolUdp && type == UdpGro && length >= headerSize + 4)
            {
                return *(int*)(control + offset + headerSize);
            }
            offset += (int)((length + 7) & ~7L);
        }
        return 0;
    }

    /// <summary>Whether these calls exist here (64-bit Linux, whose struct layouts they assume).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && IntPtr.Size == 8;
}
