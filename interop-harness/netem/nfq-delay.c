/*
 * nfq-delay: holds every packet of one NFQUEUE queue for a fixed time, then accepts it. A stand-in for
 * `tc netem delay` on kernels without sch_netem (../shared/docs/COMPONENTS.md, row 1c). The harness puts
 * `iptables -t raw -A PREROUTING -s <peer> -j NFQUEUE --queue-num N` in a node's network namespace and runs
 * this helper in the same namespace, so the delay sits before conntrack.
 *
 * Usage: nfq-delay QUEUE DELAY_MS [MAX_HELD]
 * Prints "ready" on stdout once the queue is bound; runs until SIGTERM/SIGINT, then accepts what it holds.
 * Packets are released in arrival order (the delay is constant). When MAX_HELD packets are held, new ones are
 * accepted at once and counted, so memory and the kernel queue stay bounded.
 * Build: gcc -O2 -Wall -Wextra -o nfq-delay nfq-delay.c -lnetfilter_queue -lnfnetlink
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct held { uint32_t id; int64_t due_ns; };

static volatile sig_atomic_t stopping;
static struct held *ring;
static uint32_t capacity, head, count;
static int64_t delay_ns;
static unsigned long long overflowed, released;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_signal(int sig) { (void)sig; stopping = 1; }

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *data)
{
    (void)msg; (void)data;
    struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
    if (ph == NULL) return 0;
    uint32_t id = ntohl(ph->packet_id);
    if (count == capacity) {
        overflowed++;
        return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
    }
    ring[(head + count) % capacity] = (struct held){ id, now_ns() + delay_ns };
    count++;
    return 0;
}

static void release(struct nfq_q_handle *qh, int all)
{
    int64_t now = now_ns();
    while (count > 0 && (all || ring[head].due_ns <= now)) {
        nfq_set_verdict(qh, ring[head].id, NF_ACCEPT, 0, NULL);
        head = (head + 1) % capacity;
        count--;
        released++;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s QUEUE DELAY_MS [MAX_HELD]\n", argv[0]);
        return 2;
    }
    char *end;
    long queue = strtol(argv[1], &end, 10);
    if (*end != 0 || queue < 0 || queue > 65535) { fprintf(stderr, "nfq-delay: bad queue number\n"); return 2; }
    long delay_ms = strtol(argv[2], &end, 10);
    if (*end != 0 || delay_ms < 0 || delay_ms > 60000) { fprintf(stderr, "nfq-delay: delay must be 0..60000 ms\n"); return 2; }
    long max_held = argc == 4 ? strtol(argv[3], &end, 10) : 8192;
    if ((argc == 4 && *end != 0) || max_held < 1 || max_held > 1000000) { fprintf(stderr, "nfq-delay: MAX_HELD must be 1..1000000\n"); return 2; }
    delay_ns = delay_ms * 1000000LL;
    capacity = (uint32_t)max_held;
    ring = calloc(capacity, sizeof *ring);
    if (ring == NULL) { fprintf(stderr, "nfq-delay: out of memory\n"); return 1; }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    struct nfq_handle *h = nfq_open();
    if (h == NULL) { perror("nfq-delay: nfq_open"); return 1; }
    struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue, on_packet, NULL);
    if (qh == NULL) { perror("nfq-delay: nfq_create_queue"); nfq_close(h); return 1; }
    if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) { perror("nfq-delay: nfq_set_mode"); return 1; }
    /* Held packets stay in the kernel queue until their verdict: the kernel's bound must cover ours. */
    if (nfq_set_queue_maxlen(qh, capacity + 1024) < 0) { perror("nfq-delay: nfq_set_queue_maxlen"); return 1; }
    int fd = nfq_fd(h);
    int one = 1;
    setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);
    nfnl_rcvbufsiz(nfq_nfnlh(h), 4 * 1024 * 1024);

    printf("ready\n");
    fflush(stdout);

    char buf[65536] __attribute__((aligned));
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    while (!stopping) {
        release(qh, 0);
        struct timespec wait = { 1, 0 };
        if (count > 0) {
            int64_t left = ring[head].due_ns - now_ns();
            if (left < 0) left = 0;
            wait.tv_sec = left / 1000000000LL;
            wait.tv_nsec = left % 1000000000LL;
        }
        int ready = ppoll(&pfd, 1, &wait, NULL);
        if (ready < 0) {
            if (errno == EINTR) continue;
            perror("nfq-delay: ppoll");
            break;
        }
        if (ready == 0) continue;
        for (;;) {
            ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) { nfq_handle_packet(h, buf, (int)n); continue; }
            if (n < 0 && errno == EINTR) continue;
            break;
        }
    }
    release(qh, 1);
    fprintf(stderr, "nfq-delay: released %llu packets, %llu passed undelayed (queue full)\n", released, overflowed);
    nfq_destroy_queue(qh);
    nfq_close(h);
    free(ring);
    return 0;
}
