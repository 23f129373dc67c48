import { describe, expect, it } from 'vitest';
import { containerConfigOf, type ContainerFormValues } from './container-form.js';

const empty: ContainerFormValues = { image: '', name: '', ports: '', environment: '', command: '', restart_policy: '', labels: '' };

describe('containerConfigOf', () => {
  it('turns the lines of the form into a create request, leaving out what is empty', () => {
    const { config, problems } = containerConfigOf({
      ...empty,
      image: ' nginx:alpine ',
      name: 'web',
      ports: '8080:80\n\n127.0.0.1:5353:53/udp\n[::1]:8443:443',
      environment: 'NODE_ENV=production\nGREETING=a=b',
      command: 'sh\n-c\necho "hi there"',
      restart_policy: 'unless-stopped',
      labels: 'team=web',
    });
    expect(problems).toEqual({});
    expect(config).toEqual({
      image: 'nginx:alpine',
      name: 'web',
      ports: { '8080': '80', '127.0.0.1:5353': '53/udp', '[::1]:8443': '443' },
      environment: { NODE_ENV: 'production', GREETING: 'a=b' },
      command: ['sh', '-c', 'echo "hi there"'],
      restart_policy: 'unless-stopped',
      labels: { team: 'web' },
    });
    expect(containerConfigOf(empty).config).toEqual({ image: '' });
  });

  it('names the lines that have no separator, and leaves every value for the API to check', () => {
    const { config, problems } = containerConfigOf({ ...empty, image: 'x', ports: '8080\n99999:80\n80:', environment: 'JUSTNAME\n=value', labels: 'a=1' });
    expect(problems).toEqual({
      ports: ['line 1: write host:container, like 8080:80', 'line 3: write host:container, like 8080:80'],
      environment: ['line 1: write KEY=value', 'line 2: write KEY=value'],
    });
    expect(config.ports).toEqual({ '99999': '80' });
  });
});
