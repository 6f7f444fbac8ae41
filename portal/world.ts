/**
 * The emulated families, school year and marks: generated deterministically from a seed, so a test
 * and the demo see the same diary every run. Names and values are invented.
 */

export interface WorldOptions {
  seed?: number;
  /**
   * Whose diary: `moscow` (default), the Lebedev family on school.mos.ru; `mosreg`, the Sokolov
   * family on the Moscow region's «Моя школа» node (authedu.mosreg.ru), one son in 7-Б; `sgo`, the
   * Kuznetsov family on a «Сетевой город» site (sgo.rso23.ru), one son in 8-А.
   */
  family?: 'moscow' | 'mosreg' | 'sgo' | 'eljur' | 'dnevnik';
  /** The emulator's "today" (YYYY-MM-DD); marks exist up to it. Default: the real date. */
  today?: string;
}

export interface WorldSubject {
  id: number;
  name: string;
  perWeek: number;
  /** The scale the teacher marks on (MESH `original_grade_system_type`). */
  scale: 'five' | 'ten';
  ability: number;
}

export interface WorldPeriod {
  name: string;
  begin: string;
  end: string;
}

export interface WorldMark {
  id: number;
  date: string;
  subjectId: number;
  /** As MESH writes it: "5", "См", "НВ"; on the ten scale "8". */
  value: string;
  weight: number;
  controlForm: string;
  isExam: boolean;
  isPoint: boolean;
  pointDate: string | null;
  comment: string;
  createdAt: string;
}

export interface WorldLesson {
  id: number;
  date: string;
  number: number;
  subjectId: number;
  begin: string;
  end: string;
  room: string;
  missed: boolean;
  absenceReasonId: number | null;
}

export interface WorldHomework {
  id: number;
  subjectId: number;
  assignedOn: string;
  dueOn: string;
  text: string;
}

export interface WorldChild {
  id: number;
  guid: string;
  firstName: string;
  lastName: string;
  middleName: string;
  className: string;
  classLevel: number;
  classUnitId: number;
  subjects: WorldSubject[];
  periods: WorldPeriod[];
  /** Weekday (1 = Monday … 5) → subject ids in lesson order. */
  timetable: Record<number, number[]>;
  lessons: WorldLesson[];
  marks: WorldMark[];
  homework: WorldHomework[];
  /** Year marks of past school years: { year: "2025-2026", subjectId, mark }. */
  finals: Array<{ year: string; yearId: number; subjectId: number; mark: string }>;
}

export interface World {
  today: string;
  yearStart: string;
  yearEnd: string;
  academicYear: { id: number; name: string };
  school: { id: number; name: string; shortName: string };
  parent: { profileId: number; userId: number; guid: string; firstName: string; lastName: string; middleName: string };
  children: WorldChild[];
  nextMarkId: number;
  rand: () => number;
}

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export function addDays(day: string, n: number): string {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}
/** 1 = Monday … 7 = Sunday */
export const weekday = (day: string): number => ((new Date(day + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;

const BELLS = [
  ['08:30', '09:15'],
  ['09:25', '10:10'],
  ['10:30', '11:15'],
  ['11:35', '12:20'],
  ['12:30', '13:15'],
  ['13:25', '14:10'],
  ['14:20', '15:05'],
] as const;

const SIXTH = [
  ['Русский язык', 5],
  ['Литература', 3],
  ['Английский язык', 3],
  ['Математика', 5],
  ['История', 2],
  ['Обществознание', 1],
  ['География', 1],
  ['Биология', 1],
  ['Музыка', 1],
  ['Изобразительное искусство', 1],
  ['Труд (технология)', 2],
  ['Физическая культура', 2],
  ['Информатика', 1],
] as const;

const NINTH = [
  ['Русский язык', 3],
  ['Литература', 3],
  ['Английский язык', 3],
  ['Алгебра', 3],
  ['Геометрия', 2],
  ['Вероятность и статистика', 1],
  ['Информатика', 1],
  ['История', 2],
  ['Обществознание', 1],
  ['География', 2],
  ['Биология', 2],
  ['Физика', 3],
  ['Химия', 2],
  ['Физическая культура', 2],
  ['Индивидуальный проект', 1],
] as const;

const FORMS = [
  { name: 'Ответ на уроке', weight: 1, exam: false, p: 0.34 },
  { name: 'Домашняя работа', weight: 1, exam: false, p: 0.22 },
  { name: 'Самостоятельная работа', weight: 1, exam: false, p: 0.2 },
  { name: 'Практическая работа', weight: 1, exam: false, p: 0.1 },
  { name: 'Проверочная работа', weight: 2, exam: false, p: 0.08 },
  { name: 'Контрольная работа', weight: 2, exam: true, p: 0.05 },
  { name: 'Итоговая контрольная работа', weight: 3, exam: true, p: 0.01 },
] as const;

const COMMENTS = ['Молодец!', 'Не выполнено задание 3', 'Хорошая работа на уроке', 'Неаккуратное оформление', 'Отличный доклад'];
const HOMEWORK = [
  '§ 12, вопросы 1–4',
  '№ 214, 217',
  'Выучить правило на с. 45',
  'Упр. 156',
  'Подготовить сообщение',
  'Прочитать главу 5',
  'Повторить формулы',
];

/** The school year containing `today`: from 1 September to 31 May of the next year. */
export function schoolYearOf(today: string): { start: string; end: string; startYear: number } {
  const y = Number(today.slice(0, 4));
  const startYear = Number(today.slice(5, 7)) >= 8 ? y : y - 1;
  return { start: `${startYear}-09-01`, end: `${startYear + 1}-05-31`, startYear };
}

function trimesters(y: number): WorldPeriod[] {
  return [
    { name: '1 триместр', begin: `${y}-09-01`, end: `${y}-11-30` },
    { name: '2 триместр', begin: `${y}-12-01`, end: `${y + 1}-02-28` },
    { name: '3 триместр', begin: `${y + 1}-03-01`, end: `${y + 1}-05-31` },
  ];
}

function quarters(y: number): WorldPeriod[] {
  return [
    { name: '1 четверть', begin: `${y}-09-01`, end: `${y}-10-24` },
    { name: '2 четверть', begin: `${y}-11-03`, end: `${y}-12-26` },
    { name: '3 четверть', begin: `${y + 1}-01-12`, end: `${y + 1}-03-20` },
    { name: '4 четверть', begin: `${y + 1}-03-30`, end: `${y + 1}-05-26` },
  ];
}

function inPeriods(periods: readonly WorldPeriod[], day: string): boolean {
  return periods.some((p) => day >= p.begin && day <= p.end);
}

/** Spreads each subject's weekly lessons over Monday–Friday, at most 7 a day. */
function timetableOf(subjects: readonly WorldSubject[], rand: () => number): Record<number, number[]> {
  const days: Record<number, number[]> = { 1: [], 2: [], 3: [], 4: [], 5: [] };
  const slots = subjects.flatMap((s) => Array.from({ length: s.perWeek }, () => s.id));
  let d = 1 + Math.floor(rand() * 5);
  for (const id of slots) {
    let tries = 0;
    while ((days[d]!.length >= 7 || days[d]!.includes(id)) && tries < 5) {
      d = (d % 5) + 1;
      tries++;
    }
    days[d]!.push(id);
    d = (d % 5) + 1;
  }
  return days;
}

function pick<T extends { p: number }>(items: readonly T[], r: number): T {
  let acc = 0;
  for (const it of items) {
    acc += it.p;
    if (r < acc) return it;
  }
  return items[items.length - 1]!;
}

function markValue(ability: number, rand: () => number): number {
  const noise = (rand() + rand() + rand() - 1.5) * 1.4;
  return Math.max(2, Math.min(5, Math.round(ability + noise)));
}

function makeChild(
  world: Pick<World, 'rand' | 'today'> & { nextMarkId: number; nextId: () => number },
  spec: {
    id: number;
    first: string;
    last: string;
    middle: string;
    className: string;
    level: number;
    list: readonly (readonly [string, number])[];
    periods: WorldPeriod[];
    subjectBase: number;
    tenPoint?: string;
  },
): WorldChild {
  const { rand } = world;
  const subjects: WorldSubject[] = spec.list.map(([name, perWeek], i) => ({
    id: spec.subjectBase + i * 7,
    name,
    perWeek,
    scale: name === spec.tenPoint ? 'ten' : 'five',
    ability: 3.3 + rand() * 1.6,
  }));
  const timetable = timetableOf(subjects, rand);
  const child: WorldChild = {
    id: spec.id,
    guid: `a1b2c3d4-0000-4000-8000-${String(spec.id).padStart(12, '0')}`,
    firstName: spec.first,
    lastName: spec.last,
    middleName: spec.middle,
    className: spec.className,
    classLevel: spec.level,
    classUnitId: 1990000 + spec.level,
    subjects,
    periods: spec.periods,
    timetable,
    lessons: [],
    marks: [],
    homework: [],
    finals: [],
  };
  const yearStart = spec.periods[0]!.begin;
  const last = spec.periods[spec.periods.length - 1]!.end;
  for (let day = yearStart; day <= last; day = addDays(day, 1)) {
    const wd = weekday(day);
    if (wd > 5 || !inPeriods(spec.periods, day)) continue;
    (timetable[wd] ?? []).forEach((subjectId, n) => {
      const lesson: WorldLesson = {
        id: world.nextId(),
        date: day,
        number: n + 1,
        subjectId,
        begin: BELLS[n]![0],
        end: BELLS[n]![1],
        room: String(200 + ((subjectId + n) % 40)),
        missed: false,
        absenceReasonId: null,
      };
      child.lessons.push(lesson);
      if (day > world.today) return;
      if (rand() < 0.015) {
        lesson.missed = true;
        lesson.absenceReasonId = rand() < 0.6 ? 1 : null;
        return;
      }
      if (rand() < 0.3)
        child.homework.push({
          id: world.nextId(),
          subjectId,
          assignedOn: day,
          dueOn: addDays(day, wd === 5 ? 3 : 1),
          text: HOMEWORK[Math.floor(rand() * HOMEWORK.length)]!,
        });
      if (rand() >= 0.5) return;
      const subject = subjects.find((s) => s.id === subjectId)!;
      const form = pick(FORMS, rand());
      const r = rand();
      let value: string;
      if (r < 0.03) value = 'См';
      else if (r < 0.04) value = 'НВ';
      else {
        const five = markValue(subject.ability, rand);
        value = subject.scale === 'ten' ? String(Math.min(10, five * 2 - (rand() < 0.4 ? 1 : 0))) : String(five);
      }
      const isPoint = value !== 'См' && value !== 'НВ' && rand() < 0.02;
      child.marks.push({
        id: world.nextMarkId++,
        date: day,
        subjectId,
        value: isPoint ? (subject.scale === 'ten' ? '4' : '2') : value,
        weight: value === 'См' ? 1 : form.weight,
        controlForm: value === 'См' ? 'Домашнее задание (ЦДЗ)' : form.name,
        isExam: form.exam,
        isPoint,
        pointDate: isPoint ? addDays(day, 7) : null,
        comment: rand() < 0.08 ? COMMENTS[Math.floor(rand() * COMMENTS.length)]! : '',
        createdAt: `${day}T${String(17 + Math.floor(rand() * 5))}:${String(10 + Math.floor(rand() * 49))}:03`,
      });
    });
  }
  return child;
}

export function createWorld(options: WorldOptions = {}): World {
  const rand = prng(options.seed ?? 20260901);
  const today = options.today ?? isoDay(new Date());
  const { start, end, startYear } = schoolYearOf(today);
  let id = 61000000;
  // Ids as long as the recorded ones: marks 10 digits (2891210365), lessons 8.
  const base = { rand, today, nextMarkId: 2890100000, nextId: () => ++id };
  if (options.family === 'mosreg') {
    // Another installation of the platform: its own id ranges, school and family.
    id = 72000000;
    base.nextMarkId = 3120500000;
    const dima = makeChild(base, {
      id: 41700901,
      first: 'Дима',
      last: 'Соколов',
      middle: 'Андреевич',
      className: '7-Б',
      level: 7,
      list: SIXTH,
      periods: quarters(startYear),
      subjectBase: 45120300,
    });
    return {
      today,
      yearStart: start,
      yearEnd: end,
      academicYear: { id: 13, name: `${startYear}-${startYear + 1}` },
      school: { id: 50112, name: 'МБОУ «Лицей № 7» г. Подольска', shortName: 'Лицей № 7' },
      parent: {
        profileId: 7700330,
        userId: 990022,
        guid: 'c3d4e5f6-0000-4000-8000-000007700330',
        firstName: 'Ольга',
        lastName: 'Соколова',
        middleName: 'Петровна',
      },
      children: [dima],
      nextMarkId: base.nextMarkId,
      rand,
    };
  }
  if (options.family === 'dnevnik') {
    // Дневник.ру: long ids (written as strings by the site), quarters, no weights shown anywhere.
    id = 1000016000000;
    base.nextMarkId = 2100000000;
    const masha = makeChild(base, {
      id: 1000016690040,
      first: 'Маша',
      last: 'Смирнова',
      middle: 'Игоревна',
      className: '5-А',
      level: 5,
      list: NINTH,
      periods: quarters(startYear),
      subjectBase: 4400100,
    });
    return {
      today,
      yearStart: start,
      yearEnd: end,
      academicYear: { id: startYear, name: `${startYear}/${startYear + 1}` },
      school: { id: 1000002810, name: 'МАОУ СОШ № 7', shortName: 'СОШ № 7' },
      parent: {
        profileId: 1000016690001,
        userId: 1000016690001,
        guid: 'f6a7b8c9-0000-4000-8000-000000690001',
        firstName: 'Ольга',
        lastName: 'Смирнова',
        middleName: 'Петровна',
      },
      children: [masha],
      nextMarkId: base.nextMarkId,
      rand,
    };
  }
  if (options.family === 'eljur') {
    // ЭлЖур: a school's own subdomain, quarters; the grid shows no weights.
    id = 64000000;
    base.nextMarkId = 880100000;
    const kirill = makeChild(base, {
      id: 2002,
      first: 'Кирилл',
      last: 'Орлов',
      middle: 'Андреевич',
      className: '6-Б',
      level: 6,
      list: NINTH,
      periods: quarters(startYear),
      subjectBase: 73000100,
    });
    return {
      today,
      yearStart: start,
      yearEnd: end,
      academicYear: { id: 31, name: `${startYear}/${startYear + 1}` },
      school: { id: 29, name: 'Гимназия № 29', shortName: 'Гимназия № 29' },
      parent: {
        profileId: 1001,
        userId: 1001,
        guid: 'e5f6a7b8-0000-4000-8000-000000001001',
        firstName: 'Анна',
        lastName: 'Орлова',
        middleName: 'Сергеевна',
      },
      children: [kirill],
      nextMarkId: base.nextMarkId,
      rand,
    };
  }
  if (options.family === 'sgo') {
    // «Сетевой город»: another vendor, its own ids and school.
    id = 83000000;
    base.nextMarkId = 271500000;
    const vanya = makeChild(base, {
      id: 1000001,
      first: 'Ваня',
      last: 'Кузнецов',
      middle: 'Олегович',
      className: '8-А',
      level: 8,
      list: NINTH,
      periods: trimesters(startYear),
      subjectBase: 52000100,
    });
    return {
      today,
      yearStart: start,
      yearEnd: end,
      academicYear: { id: 20, name: `${startYear}/${startYear + 1}` },
      school: { id: 1127, name: 'МБОУ СОШ № 12 г. Краснодара', shortName: 'СОШ № 12' },
      parent: {
        profileId: 1000900,
        userId: 1000900,
        guid: 'd4e5f6a7-0000-4000-8000-000001000900',
        firstName: 'Елена',
        lastName: 'Кузнецова',
        middleName: 'Викторовна',
      },
      children: [vanya],
      nextMarkId: base.nextMarkId,
      rand,
    };
  }
  const misha = makeChild(base, {
    id: 31500777,
    first: 'Миша',
    last: 'Лебедев',
    middle: 'Ильич',
    className: '6-В',
    level: 6,
    list: SIXTH,
    periods: trimesters(startYear),
    subjectBase: 33623600,
  });
  const liza = makeChild(base, {
    id: 31500778,
    first: 'Лиза',
    last: 'Лебедева',
    middle: 'Ильинична',
    className: '9-А',
    level: 9,
    list: NINTH,
    periods: quarters(startYear),
    subjectBase: 33624600,
    tenPoint: 'Индивидуальный проект',
  });
  // Past years' year marks for the older child (the certificate average needs them).
  for (const [k, year] of [
    [1, `${startYear - 1}-${startYear}`],
    [2, `${startYear - 2}-${startYear - 1}`],
  ] as const) {
    for (const s of liza.subjects) {
      if (s.scale !== 'five' || (k === 2 && s.name === 'Вероятность и статистика')) continue;
      liza.finals.push({
        year,
        yearId: 13 - k,
        subjectId: s.id,
        mark: String(Math.max(3, Math.min(5, Math.round(s.ability + (rand() - 0.5))))),
      });
    }
  }
  return {
    today,
    yearStart: start,
    yearEnd: end,
    academicYear: { id: 13, name: `${startYear}-${startYear + 1}` },
    school: { id: 2017, name: 'ГБОУ Школа № 9999', shortName: 'Школа № 9999' },
    parent: {
      profileId: 4400110,
      userId: 880011,
      guid: 'b2c3d4e5-0000-4000-8000-000004400110',
      firstName: 'Анна',
      lastName: 'Лебедева',
      middleName: 'Сергеевна',
    },
    children: [misha, liza],
    nextMarkId: base.nextMarkId,
    rand,
  };
}

/** Adds marks dated `world.today` (for "new since last visit" and notifications); returns them. */
export function addMarks(
  world: World,
  opts: { childId?: number; count?: number; value?: string; weight?: number; subjectId?: number } = {},
): WorldMark[] {
  const child = world.children.find((c) => c.id === opts.childId) ?? world.children[0]!;
  const out: WorldMark[] = [];
  for (let i = 0; i < (opts.count ?? 1); i++) {
    const subject =
      child.subjects.find((s) => s.id === opts.subjectId) ?? child.subjects[Math.floor(world.rand() * child.subjects.length)]!;
    const m: WorldMark = {
      id: world.nextMarkId++,
      date: world.today,
      subjectId: subject.id,
      value: opts.value ?? (subject.scale === 'ten' ? '9' : String(markValue(subject.ability, world.rand))),
      weight: opts.weight ?? 1,
      controlForm: 'Ответ на уроке',
      isExam: false,
      isPoint: false,
      pointDate: null,
      comment: '',
      createdAt: new Date().toISOString().slice(0, 19),
    };
    child.marks.push(m);
    out.push(m);
  }
  return out;
}
