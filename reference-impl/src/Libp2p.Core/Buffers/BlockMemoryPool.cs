using System.Buffers;

namespace Libp2p.Core.Buffers;

/// <summary>
/// A process-wide pool of fixed-size blocks for pipes whose buffers are filled on one thread and released on
/// another (a muxer's read loop delivers, the application consumes). <see cref="ArrayPool{T}.Shared"/> keeps
/// arrays per thread and per core, so that hand-over pattern misses the pool and allocates; here every block
/// goes back to one shared stack, and the block object is its own <see cref="IMemoryOwner{T}"/>, so a steady
/// transfer allocates nothing. At most <see cref="MaxRetainedBlocks"/> idle blocks are kept; beyond that a
/// returned block is left to the GC, so a burst never pins memory for good.
/// </summary>
public sealed class BlockMemoryPool : MemoryPool<byte>
{
    /// <summary>Size of every block: one full yamux or Noise frame's worth of data.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>Idle blocks kept for reuse (16 MiB).</summary>
    public const int MaxRetainedBlocks = 256;

    // A plain array under a lock: ConcurrentStack allocates a node per push, which is what this pool avoids.
    private readonly Block[] _free = new Block[MaxRetainedBlocks];
    private readonly Lock _lock = new();
    private int _freeCount;

    /// <summary>The shared instance.</summary>
    public static new BlockMemoryPool Shared { get; } = new();

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            // Pipes ask the pool's MaxBufferSize first, so this only happens to direct callers.
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"blocks hold {BlockSize} bytes");
        }
        Block? block = null;
        lock (_lock)
        {
            if (_freeCount > 0)
            {
                block = _free[--_freeCount];
                _free[_freeCount] = null!;
            }
        }
        if (block is null)
        {
            return new Block(this);
        }
        block.Rented = true;
        return block;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The shared pool lives as long as the process.
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            if (_freeCount < MaxRetainedBlocks)
            {
                _free[_freeCount++] = block;
            }
        }
    }

    private sealed class Block(BlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize);

        public bool Rented { get; set; } = true;

        public Memory<byte> Memory => _array;

        public void Dispose()
        {
            // A double dispose must not put the same block on the free stack twice.
            if (!Rented)
            {
                return;
            }
            Rented = false;
            pool.Return(this);
        }
    }
}
