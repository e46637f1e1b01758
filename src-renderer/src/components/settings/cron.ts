const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const every = (n: number, unit: string): string => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);

function time(h: string, m: string): string | null {
  if (!/^\d+$/.test(h) || !/^\d+$/.test(m)) return null;
  const hh = Number(h);
  const mm = Number(m);
  if (hh > 23 || mm > 59) return null;
  return new Date(2000, 0, 1, hh, mm).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

function days(dow: string): string | null {
  if (dow === '*') return null;
  if (dow === '1-5') return 'on weekdays';
  if (dow === '0,6' || dow === '6,0') return 'at weekends';
  const parts = dow.split(',');
  if (parts.every((p) => /^[0-7]$/.test(p))) return `on ${parts.map((p) => DAYS[Number(p) % 7]).join(', ')}`;
  return null;
}

/**
 * A cron schedule in words, for the common shapes ("every 5 minutes", "every day at 2:00 AM"). Returns
 * null when the expression is not one of them (it may still be valid; the engine checks on save).
 */
export function describeCron(expr: string): string | null {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5 && f.length !== 6) return null;
  const [sec, min, hour, dom, mon, dow] = f.length === 6 ? f : ['0', ...f];
  if (dom !== '*' || mon !== '*') return null;
  const step = (s: string | undefined): number | null => {
    const m = /^\*\/(\d+)$/.exec(s ?? '');
    return m ? Number(m[1]) : s === '*' ? 1 : null;
  };
  const onDays = days(dow!);
  const suffix = onDays ? ` ${onDays}` : '';
  if (f.length === 6 && step(sec) && min === '*' && hour === '*') return every(step(sec)!, 'second') + suffix;
  if (sec !== '0' && f.length === 6) return null;
  if (hour === '*' && step(min)) return every(step(min)!, 'minute') + suffix;
  if (/^\d+$/.test(min!) && hour === '*')
    return `every hour at ${min!.padStart(2, '0')} minutes past` + suffix;
  if (/^\d+$/.test(min!) && step(hour) && hour !== '*')
    return `${every(step(hour)!, 'hour')} at :${min!.padStart(2, '0')}` + suffix;
  const at = time(hour!, min!);
  if (at) return onDays ? `at ${at} ${onDays}` : `every day at ${at}`;
  if (/^\d+(,\d+)+$/.test(hour!) && /^\d+$/.test(min!)) {
    const times = hour!.split(',').map((h) => time(h, min!));
    if (times.every(Boolean)) return `every day at ${times.join(', ')}` + suffix;
  }
  return null;
}
