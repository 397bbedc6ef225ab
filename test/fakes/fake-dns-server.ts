import * as dgram from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/** Answers A and AAAA queries from a fixed table over UDP on loopback: a real DNS peer. */
export interface FakeDnsServer {
  /** `127.0.0.1:<port>`, for SOKU_MEDIA_DNS_SERVERS. */
  address: string;
  close(): Promise<void>;
}

export async function startFakeDns(records: Record<string, string[]>): Promise<FakeDnsServer> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const known = question ? records[question.name.toLowerCase()] : undefined;
    const family = question?.type === 'AAAA' ? 6 : 4;
    const answers = (known ?? [])
      .filter((ip) => (ip.includes(':') ? 6 : 4) === family)
      .map((data) => ({
        type: question!.type as 'A' | 'AAAA',
        name: question!.name,
        ttl: 1,
        data,
      }));
    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: query.questions,
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
