import { ReplyTimeoutError, awaitReply } from './await-reply';

const connected = () => Promise.resolve();

describe('awaitReply', () => {
  it('resolves with the first reply and ignores later ones', async () => {
    const reply = awaitReply('s.first', connected, (callback) => {
      setTimeout(() => callback({ response: 'one' }), 1);
      setTimeout(() => callback({ response: 'two', isDisposed: true }), 2);
      return () => undefined;
    }, 1000);
    await expect(reply).resolves.toBe('one');
  });

  it('rejects with the error a reply carries, even one given synchronously', async () => {
    const error = new Error('no responders on s.sync');
    await expect(awaitReply('s.sync', connected, (callback) => (callback({ err: error, isDisposed: true }), () => undefined), 1000)).rejects.toBe(error);
  });

  it('times out, tears the request down, and ignores a late reply', async () => {
    let late: ((packet: { response: unknown }) => void) | undefined;
    let tornDown = false;
    const reply = awaitReply('s.slow', connected, (callback) => {
      late = callback;
      return () => (tornDown = true);
    }, 20);
    await expect(reply).rejects.toBeInstanceOf(ReplyTimeoutError);
    await expect(reply).rejects.toMatchObject({ subject: 's.slow' });
    expect(tornDown).toBe(true);
    late?.({ response: 'too late' });
  });

  it('waits for the connection before publishing, and fails with it', async () => {
    const down = new Error('connection refused');
    let published = false;
    await expect(awaitReply('s.down', () => Promise.reject(down), () => ((published = true), () => undefined), 1000)).rejects.toBe(down);
    expect(published).toBe(false);
  });
});
