#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as Z,c as Q,d as ee,e as te,g as ne,h as E}from"./chunks/chunk-EV2ITIQB.js";import{b as $,d as P,e as q,f as j,g as x,i as R,j as G,k as Y,l as H}from"./chunks/chunk-BKVQC4GP.js";import"./chunks/chunk-YHJ26ZZU.js";import{a as J,c as V,d as K,e as X}from"./chunks/chunk-7MXKWU2O.js";import"./chunks/chunk-GLTFGXH4.js";import"./chunks/chunk-FLJ6VSLH.js";import{a as z}from"./chunks/chunk-HNUUDJIO.js";import"./chunks/chunk-SPELYATQ.js";import{c as B}from"./chunks/chunk-6RZLTHWA.js";import"./chunks/chunk-JCDPND7K.js";import"./chunks/chunk-HJZYVOA3.js";import{a as F,e as W}from"./chunks/chunk-4W7GZ6XQ.js";import{a as C}from"./chunks/chunk-WADOYV35.js";import"./chunks/chunk-XCWQ4KJ6.js";import"./chunks/chunk-LEMBSBXT.js";import{a as h,c as T}from"./chunks/chunk-KQ5PHHRF.js";import{a as o}from"./chunks/chunk-6ZGVWTIR.js";import{parseArgs as N}from"node:util";function b(e,t){if(e===void 0||e==="")throw new h(`${t} is required`,{},"see --help");return e}o(b,"required");function A(e,t,r){if(!t.includes(e))throw new h(`${r} must be one of ${t.join(", ")}, not "${e}"`);return e}o(A,"oneOf");function U(e,t){let r=B(e);if(r===void 0)throw new h(`${t} "${e}" is not an ISO-8601 date-time with an offset`,{},"e.g. 2026-11-22T00:00:00Z");return r}o(U,"isoOption");var O=o((e,t)=>e===void 0?t():U(e,"--now"),"nowOption"),S=o(e=>e===void 0?void 0:A(e,V,"--fail-on"),"failOnOption");import{writeFile as le}from"node:fs/promises";import{parseArgs as ke}from"node:util";var we={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},be={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},$e=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,xe=o(e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e,"unpad");function M(e,t={}){let r=o((a,...g)=>t.color&&g.length>0?`\x1B[${g.map(v=>we[v]).join(";")}m${a}\x1B[0m`:a,"paint"),n=o(a=>$(a).replace($e,(g,v,I)=>r(xe(I),"cyan")),"prose"),s=e.summary,l=[],i=e.passed?r("PASSED","bold","green"):r("FAILED","bold","red"),c=[e.account.label,e.account.id].filter(Boolean).map(a=>$(a));l.push(`${i}  ${s.failing} failing of ${s.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${s.users} users${c.length>0?` \xB7 account ${c.join(" ")}`:""}`);let d=o(a=>z.filter(g=>a[g]>0).map(g=>`${a[g]} ${g}`).join(", ")||"none","bySeverity");l.push(`        failing: ${d(s.failingBySeverity)} \xB7 exempted: ${s.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${$(e.policy.file)}`);for(let a of e.policyWarnings??[])l.push(`${r("warning","yellow")}: the policy weakens the gate: ${n(a.message)}`);let y=e.findings.filter(a=>a.failing),u=e.findings.filter(a=>!a.failing&&!a.exempted),m=e.findings.filter(a=>a.exempted),f=Se(e.findings),w=o(a=>{let g=a.severity.padEnd(f.severity);return`  ${r(g,...be[a.severity])}  ${$(a.rule).padEnd(f.rule)}  ${r(ie(a).padEnd(f.user),"bold")}  ${Oe(a)}`},"row"),k=" ".repeat(2+f.severity+2),_=o(()=>r(`  ${"SEVERITY".padEnd(f.severity)}  ${"RULE".padEnd(f.rule)}  ${"USER".padEnd(f.user)}  WHERE`,"dim"),"header"),p=o((a,g,v)=>{if(g.length!==0){l.push("",r(`${a} (${g.length})`,"bold"),_());for(let I of g){l.push(w(I));for(let ye of v(I))l.push(`${k}${ye}`)}}},"section");if(p("Failing findings",y,a=>[n(a.message),`${r("fix:","bold")} ${n(a.remediation)}`]),p("Below fail_on",u,a=>[n(a.message)]),p("Exempted",m,a=>[n(a.message),`${r("exempted:","dim")} ${n(a.exemption?.reason??"")} (until ${a.exemption?.expires??"?"})`]),e.warnings.length>0){l.push("",r(`Warnings (${e.warnings.length})`,"bold"));for(let a of e.warnings)l.push(`  - ${n(a)}`)}return e.findings.length===0&&l.push("","No findings."),`${l.join(`
`)}
`}o(M,"renderText");var re=o((e,t={})=>M({...e,findings:[],warnings:[],policyWarnings:[]},t).split(`
`)[0]+`
`,"textVerdict"),ie=o(e=>e.user===null?"(report)":$(e.user),"userOf");function Oe(e){let t=e.terraform.find(r=>r.file!==null);return t?$(`${t.file}${t.line!==null?`:${t.line}`:""}`):"\u2014"}o(Oe,"whereOf");function Se(e){let t=4,r=4;for(let n of e)t=Math.max(t,n.rule.length),r=Math.max(r,Math.min(32,ie(n).length));return{severity:8,rule:t,user:r}}o(Se,"columnWidths");var oe={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function ae(e,t,r){for(let w of["report","output","account-id","account-label","report-generated-at","base-policy"])if(e[w]!==void 0)throw new h(`--${w} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds");let[n,s]=await Promise.all([import("./chunks/assume-role-Q3M4T2LP.js"),import("./chunks/check-accounts-L6RPJ4VV.js")]),l=L(e["role-arn-template"],"--role-arn-template");n.checkRoleArnTemplate(l,"--role-arn-template");let i=e["role-session-name"]??"iam-credential-gate";n.checkSessionName(i,"--role-session-name");let c=L(e["output-dir"],"--output-dir"),d=e["account-concurrency"]===void 0?s.DEFAULT_ACCOUNT_CONCURRENCY:E(e["account-concurrency"],"--account-concurrency",s.MAX_ACCOUNT_CONCURRENCY),y=e["account-timeout-seconds"]===void 0?s.DEFAULT_ACCOUNT_TIMEOUT_MS:E(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,u=await te(L(e.accounts,"--accounts"),"--accounts"),m=await s.checkAccounts({accounts:u,roleArnTemplate:l,roleSessionName:i,outputDir:c,policyFile:t.policy,now:t.now,failOn:t.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],concurrency:d,accountTimeoutMs:y,log:o(w=>r.stderr(`iam-credential-gate: ${w}
`),"log"),clock:r.clock}),f=o(w=>m.filter(k=>k.status===w).length,"count");return r.stderr(`iam-credential-gate: ${m.length} account(s): ${f("passed")} passed, ${f("failed")} failed, ${f("errored")} errored; reports in ${c}
`),s.exitCodeOf(m)}o(ae,"checkAccountsCommand");var se={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function ce(e,t){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new h("give --batches or --batch-size, not both");let r;if(e.from!==void 0){if(e["include-inactive"])throw new h("--include-inactive is for Organizations, not for --from");let d=(await F(e.from,"account list",16*1024*1024)).toString("utf8");r=ee(d,e.from)}else{let{listOrganizationAccounts:d,createOrganizationsClient:y}=await import("./chunks/organizations-GQ5CANAH.js"),u=y();try{r=await d(u,{includeInactive:e["include-inactive"]??!1})}finally{u.destroy()}}let n=`${JSON.stringify(r,null,2)}
`,s=e.batches!==void 0?{batches:E(e.batches,"--batches",Q)}:e["batch-size"]!==void 0?{batchSize:E(e["batch-size"],"--batch-size",1e5)}:void 0;if(s===void 0)return e.output?await x([n],e.output):t.stdout(n),t.stderr(`iam-credential-gate: ${r.length} account(s)
`),0;let l=[],i=ne(r,s,l);e.output&&await x([n],e.output),t.stdout(`${JSON.stringify(i)}
`);for(let d of l)t.stderr(`iam-credential-gate: ${d}
`);let c=i.include.map(d=>d.accounts.length);return t.stderr(`iam-credential-gate: ${r.length} account(s) in ${c.length} batch(es) of ${Math.min(...c)}${Math.max(...c)>Math.min(...c)?`-${Math.max(...c)}`:""}
`),0}o(ce,"listAccountsCommand");function L(e,t){if(e===void 0||e==="")throw new h(`${t} is required with --accounts`,{},"see --help");return e}o(L,"need");var Ce=["text",...R];async function de(e,t,r){let{values:n}=ke({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"fail-on":{type:"string"},"account-label":{type:"string"},"account-id":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},"base-policy":{type:"string"},...oe}});if(n.accounts!==void 0)return await ae(n,{policy:b(n.policy,"--policy"),now:O(n.now,t.clock),failOn:S(n["fail-on"])},t);let s=A(n.format??(t.isTTY&&n.output===void 0?"text":"markdown"),Ce,"--format"),l=n.output!==void 0&&(s==="json"||s==="sarif");r({json:[n["json-file"],l&&s==="json"?n.output:void 0].filter(p=>p!==void 0),sarif:[n["sarif-file"],l&&s==="sarif"?n.output:void 0].filter(p=>p!==void 0),id:n["account-id"]??null,label:n["account-label"]??null});let i=b(n.report,"--report"),c=b(n.policy,"--policy"),d=S(n["fail-on"]),y=O(n.now,t.clock),u=await X({reportFile:i,policyFile:c,reportGeneratedAt:n["report-generated-at"]===void 0?void 0:U(n["report-generated-at"],"--report-generated-at"),now:y,failOn:d,accountLabel:n["account-label"],accountId:n["account-id"],terraformDirs:n["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:n["terraform-state"],terraformCacheDir:n["cache-dir"],failOnSource:"--fail-on",...n["base-policy"]!==void 0&&{basePolicy:{text:(await F(n["base-policy"],"base policy file",W)).toString("utf8"),label:n["base-policy"]}}}),m=n.quiet;if(!m&&!(s==="text"&&n.output===void 0))for(let p of u.policyWarnings??[])t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${p.message}
`);let f={includeExempted:n["sarif-include-exempted"],uriOf:P(t.root??process.cwd(),process.cwd())},w=o(p=>p==="text"?[M(u,{color:t.color&&n.output===void 0})]:G(u,p,{},f),"chunks"),k=`${u.passed?"passed":"FAILED"}: ${u.summary.failing} failing of ${u.summary.findings} findings (fail_on ${u.policy.failOn})`,_=[[n.output,s],[n["json-file"],"json"],[n["sarif-file"],"sarif"],[n["markdown-file"],"markdown"]];for(let[p,a]of _)p!==void 0&&(await x(w(a),p),m||t.stderr(`iam-credential-gate: ${k}; ${a} written to ${p}
`));if(m)t.stdout(re(u,{color:t.color}));else if(n.output===void 0)for(let p of j(w(s)))t.stdout(p);return u.passed?0:1}o(de,"checkCommand");async function ue(e,t,r,n=process.cwd()){let s={id:r.id,label:r.label},l=T(t)?t.place:{},i=o(()=>q(e,C,r.id,l,P(n,process.cwd())),"sarif");await Promise.all([...r.json.map(c=>le(c,H(e,s,C)).catch(()=>{})),...r.sarif.map(c=>le(c,i()).catch(()=>{}))])}o(ue,"writeErrorFiles");import{writeFile as Ee}from"node:fs/promises";import{parseArgs as Ae}from"node:util";async function fe(e,t){let{values:r}=Ae({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},now:{type:"string"},"fail-on":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:n}=await import("./chunks/fix-4KN6S536.js"),s=await n({reportFile:b(r.report,"--report"),policyFile:b(r.policy,"--policy"),now:O(r.now,t.clock),failOn:S(r["fail-on"]),failOnSource:"--fail-on",terraformDirs:r["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:r["terraform-state"],terraformCacheDir:r["cache-dir"],rules:r.rule,users:r.user,write:r.write});for(let i of s.manual)t.stderr(`iam-credential-gate: manual: ${i.user} (${i.rule}): ${i.reason}${i.file!==null?` \u2014 ${i.file}${i.line!==null?`:${i.line}`:""}`:""}
`);let l=`fix: ${s.fixed.length} verified, ${s.manual.length} manual; ${s.files.length} files ${r.write?"written":"in the patch"}`;return r.output!==void 0?(await Ee(r.output,s.patch),t.stderr(`iam-credential-gate: ${l}; patch written to ${r.output}
`)):(r.write||t.stdout(s.patch),t.stderr(`iam-credential-gate: ${l}
`)),s.manual.length>0?1:0}o(fe,"fixCommand");var pe={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,fix:`Usage: iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>... [options]

Prints the verified edit plans of the failing findings as one unified diff (paths relative to the
working directory, for git apply), or applies them with --write. Exit 0 every selected finding had
a verified plan (an empty diff when there is nothing to fix), 1 some are manual (listed on stderr
with file:line and why; the diff holds the verified ones), 2 input error.

  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan (repeatable; 123456789012=dir binds it to that account)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --rule <id>                   the rules whose findings to fix (repeatable; default unused-user)
  --user <glob>                 only these users (repeatable)
  --write                       apply the edits in place (plans that fit only after others are
                                planned again on the result, a round at a time)
  --output <file>               write the patch to a file instead of stdout
  --help, -h                    this help`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,"list-accounts":`Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function me(e,t){if(e===void 0||!Object.hasOwn(pe,e))return;let r=t.indexOf("--"),n=r===-1?t:t.slice(0,r);return n.includes("--help")||n.includes("-h")?pe[e]:void 0}o(me,"helpRequested");var ge=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]... [--cache-dir <dir>]
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,D={closed:!1},ve={stdout:o(e=>{D.closed||process.stdout.write(e)},"stdout"),stderr:o(e=>process.stderr.write(Z(e)),"stderr"),clock:o(()=>Date.now(),"clock"),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function he(e,t=ve){let[r,...n]=e,s,l=me(r,n);if(l!==void 0)return t.stdout(`${l}
`),0;try{switch(r){case"check":return await de(n,t,i=>s=i);case"fix":return await fe(n,t);case"fetch":{let{values:i}=N({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),c=b(i.output,"--output"),d=Number(i["max-wait-seconds"]);if(!Number.isFinite(d)||d<=0)throw new h(`--max-wait-seconds must be a positive number, not "${i["max-wait-seconds"]}"`);let{fetchReportToFile:y}=await import("./chunks/fetch-RIMNOKRG.js"),u=await y({output:c,maxWaitMs:d*1e3,log:o(m=>t.stderr(`iam-credential-gate: ${m}
`),"log"),clock:t.clock});return t.stderr(`iam-credential-gate: credential report generated ${u.generatedAt.toISOString()} written to ${c} (${u.content.length} bytes, ${u.calls} API calls); generation time in ${c}.meta.json
`),0}case"merge":{let{values:i,positionals:c}=N({args:n,strict:!0,allowPositionals:!0,options:{format:{type:"string",default:"markdown"},output:{type:"string"},"expect-accounts":{type:"string"},"fail-on":{type:"string"},"max-report-age-hours":{type:"string"},now:{type:"string"}}}),d=A(i.format,R,"--format"),{runMerge:y}=await import("./chunks/merge-BHXNIR5B.js"),{parseMaxReportAge:u}=await import("./chunks/merge-CV2JZTXK.js"),m=await y(c,{now:O(i.now,t.clock),expectAccountsFile:i["expect-accounts"],failOn:S(i["fail-on"]),maxReportAgeHours:u(i["max-report-age-hours"],"--max-report-age-hours"),keep:d==="markdown"?"failing":"all"}),f=m.summary;return await Ie(Y(m,d),i.output,`merge ${m.passed?"passed":"FAILED"}: ${f.accounts} accounts (${f.passed} passed, ${f.failed} failed, ${f.stale} stale, ${f.errored} errored, ${f.missing} missing; fail_on ${m.failOn}); ${d}`,t),m.passed?0:1}case"list-accounts":{let{values:i}=N({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...se}});return await ce(i,t)}case"presets":{if(n.length>0)throw new h("presets takes no arguments");let{renderPresetList:i}=await import("./chunks/presets-doc-TLC6BRPA.js");return t.stdout(i()),0}case"validate-policy":{let{positionals:i}=N({args:n,strict:!0,allowPositionals:!0,options:{}});if(i.length!==1)throw new h("validate-policy takes exactly one policy file");let c=await K(i[0],t.clock());t.stdout(`${c.file}: valid (${c.presets.length>0?`extends ${c.presets.join(", ")}; `:""}fail_on ${c.failOn}; ${Object.keys(c.rules).length} rule override(s), ${c.serviceUsers.users.length+c.serviceUsers.paths.length} service-user pattern(s), ${c.exemptions.length} exemption(s))
`);for(let d of J(c))t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${d.message}
`);return 0}case"--version":case"-v":return t.stdout(`${C}
`),0;case"--help":case"-h":case"help":return t.stdout(`${ge}
`),0;default:throw new h(r===void 0?"no command given":`unknown command "${r}"`,{},"see --help")}}catch(i){let c=T(i)?i.describe():i.code?.startsWith("ERR_PARSE_ARGS")?`${i.message}

${ge}`:`unexpected error: ${i.stack??String(i)}`;return t.stderr(`iam-credential-gate: ${c}
`),s&&await ue(c,i,s,t.root),2}}o(he,"runCli");async function Ie(e,t,r,n){if(t===void 0){for(let s of j(e))n.stdout(s);return}await x(e,t),n.stderr(`iam-credential-gate: ${r} written to ${t}
`)}o(Ie,"emit");process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;D.closed=!0});process.exitCode=await he(process.argv.slice(2));
