"""A network link between two nodes on loopback that a benchmark can cut and restore: forwards TCP connections from
127.0.0.1:LISTEN to 127.0.0.1:TARGET until it is killed, which cuts every connection through it at once.

Usage: link.py LISTEN TARGET   (used by catch-up.sh --partition)
"""
import asyncio, sys

listen, target = int(sys.argv[1]), int(sys.argv[2])

async def pipe(reader, writer):
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()

async def connect(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

async def main():
    server = await asyncio.start_server(connect, "127.0.0.1", listen, reuse_address=True)
    async with server:
        await server.serve_forever()

asyncio.run(main())
