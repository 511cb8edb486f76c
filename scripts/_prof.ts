import { generateDemoData } from '@chanjiao/demo-data';
import type { StudentProfile } from '@chanjiao/domain';
import { buildRoundMarket, createBatchScorer, TermIndex } from '@chanjiao/matching';
import { createAnalyzer } from '@chanjiao/search';
const data = generateDemoData({ seed: 2027, students: 20000, posts: 10000 });
const posts = data.posts.map((p) => ({ ...p, term: '2027-autumn', status: 'open' as const }));
const students: StudentProfile[] = [];
for (const s of data.students()) { const { personal: _p, ...rest } = s; students.push({ ...rest, status: 'seeking' }); }
const scorer = createBatchScorer(createAnalyzer(), '2027-autumn');
const inputs = { term: '2027-autumn', students, posts, schools: new Map(data.schools.map((s) => [s.id, s])), enterprises: new Map(data.enterprises.map((e) => [e.id, e])), applications: new Map(), interviews: new Map() };
const index = new TermIndex(inputs, 'x', (n) => scorer.skillKey(n));
let visited = 0; for (let s = 0; s < 2000; s++) index.forEachCandidate(s, () => visited++, students[s]!.preferences.postKinds.length ? students[s]!.preferences.postKinds : undefined);
console.log('bucket candidates per student (preferred kinds):', visited / 2000);
const cpu = () => process.cpuUsage().user / 1e6;
const c0 = cpu();
await buildRoundMarket(index, scorer, { students: students.keys(), listLength: 10, candidateDepth: Number(process.argv[2] ?? 40), useApplications: false, capacity: Int32Array.from(posts, (p) => p.seats), reserves: new Map() });
console.log('cpu per student ms', ((cpu() - c0) * 1000) / students.length);
