package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/users"
)

// sendGroupHelp is appended to send's --help.
const sendGroupHelp = `

Group Unicast: --to LABEL,LABEL (labels or user ids of the profile's saved
users; see 'pe-tui users') or --to-all sends the event once per user, each
as Unicast to that user. A user whose saved region differs from the
target's is sent to the user's own region at the same stage (na-dev → eu-dev
for a user in EU), and the table says so; the sandbox and URL targets serve
every region at one address, so there the routing is shown, not applied
(--region names the region such a target stands for; default the profile's).
Each user's send keeps the file's referenceId (the service refuses
duplicates per user), or gets a fresh one when the file has none or with
--fresh-ref. At most --concurrency sends run at once; 429 and 500 are
retried as for one send. History keeps one row per user, all with the same
group id ('pe-tui history list --group ID').`

// sendGroupOptions are the group flags of `send`.
type sendGroupOptions struct {
	to          string
	toAll       bool
	region      string
	freshRef    bool
	concurrency int
}

func (gr *sendGroupOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&gr.to, "to", "", "send Unicast to these saved users: `LABELS` or ids, comma-separated")
	f.BoolVar(&gr.toAll, "to-all", false, "send Unicast to every saved user of the profile")
	f.StringVar(&gr.region, "region", "", "with --to on a sandbox or URL target: the region it stands for (NA, EU, FE; default the profile's)")
	f.BoolVar(&gr.freshRef, "fresh-ref", false, "with --to: give every user's send a fresh referenceId")
	f.IntVar(&gr.concurrency, "concurrency", send.DefaultGroupConcurrency, "with --to: at most `N` sends at once")
	cmd.MarkFlagsMutuallyExclusive("to", "to-all")
}

// active reports whether a group flag was given.
func (gr *sendGroupOptions) active(cmd *cobra.Command) bool {
	if gr.to != "" || gr.toAll {
		return true
	}
	for _, f := range []string{"region", "fresh-ref", "concurrency"} {
		if cmd.Flags().Changed(f) {
			return true
		}
	}
	return false
}

func sendGroupRun(cmd *cobra.Command, g *globalFlags, o *sendOptions, gr *sendGroupOptions, sa *sendArgs, arg string) error {
	if gr.to == "" && !gr.toAll {
		return exitWith(exitUsage, "--region, --fresh-ref and --concurrency go with --to or --to-all")
	}
	if gr.concurrency < 1 || gr.concurrency > 32 {
		return exitWith(exitUsage, fmt.Sprintf("--concurrency %d: use 1 to 32", gr.concurrency))
	}
	if sa.rep.count > 1 {
		return exitWith(exitUsage, "--repeat goes with a single send, not with --to or --to-all")
	}
	body, target, err := sendGroupBody(cmd, g, o, sa, arg)
	if err != nil {
		return err
	}
	profile, recipients, err := sendGroupRecipients(g, o.profile, gr)
	if err != nil {
		return err
	}
	region := gr.region
	if region == "" {
		region = profile.Region
	}
	if region, err = credentials.NormalizeRegion(region); err != nil {
		return exitWith(exitUsage, "--region: "+err.Error())
	}
	if target.IsAmazon() && gr.region != "" {
		return exitWith(exitUsage, "--region is for the sandbox and URL targets; --target "+target.Name+" names its region")
	}
	c, err := sendOpen(cmd, g, o)
	if err != nil {
		return err
	}
	defer c.close()
	credProfile := o.profile
	if credProfile == "" {
		credProfile = profile.Name
	}
	plan, err := c.session.PlanGroup(body, target, credProfile, region, recipients, gr.freshRef)
	if err != nil {
		return exitWith(exitUsage, "not sent: "+err.Error())
	}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if plan.Blocked() && !o.force {
		first := plan.Rows[0].Plan
		if first.SyntaxErr != nil {
			return exitWith(exitRejected, "not sent: the body is not valid JSON: "+first.SyntaxErr.Error())
		}
		sendPrintFindings(errOut, first.Findings)
		return exitWith(exitRejected, "not sent: the event has validation errors; fix them (see 'pe-tui validate'), or pass --force to send it anyway")
	}
	if err := c.session.ResolveGroup(plan); err != nil {
		return exitWith(exitUsage, err.Error())
	}
	if target.IsLive() && !o.yesLive {
		if err := sendConfirmLive(cmd, target, plan.Rows[0].Plan.EventName()); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), sendSignals...)
	defer stop()
	var mu sync.Mutex
	var progress func(*send.GroupRow)
	if !o.asJSON {
		progress = func(r *send.GroupRow) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(errOut, "sent to %s: %s\n", termtext.Clean(r.Recipient.Name()), sendGroupStatus(r))
		}
	}
	c.session.SendGroup(ctx, plan, o.force, gr.concurrency, progress)
	if o.asJSON {
		sendPrintJSON(out, sendGroupJSON(plan))
	} else {
		sendPrintGroup(out, plan)
	}
	return sendGroupExit(plan)
}

// sendGroupRecipients resolves --to / --to-all against the profile's
// saved users (--profile, else the default profile).
func sendGroupRecipients(g *globalFlags, name string, gr *sendGroupOptions) (credentials.Profile, []send.Recipient, error) {
	cfg, err := credentials.Load(g.configDir)
	if err != nil {
		return credentials.Profile{}, nil, exitWith(exitUsage, err.Error())
	}
	var p credentials.Profile
	if name != "" {
		if p, err = cfg.Get(name); err != nil {
			return p, nil, exitWith(exitUsage, err.Error())
		}
	} else {
		var ok bool
		if p, ok = cfg.Default(); !ok {
			return p, nil, exitWith(exitUsage, "--to needs the profile whose users to send to: pass --profile NAME or set a default profile")
		}
	}
	list := p.Users
	if !gr.toAll {
		if list, err = users.Select(p.Users, strings.Split(gr.to, ",")); err != nil {
			return p, nil, exitWith(exitUsage, err.Error())
		}
	} else if len(list) == 0 {
		return p, nil, exitWith(exitUsage, fmt.Sprintf("profile %q has no saved users; catch one with 'pe-tui users catch'", p.Name))
	}
	rs := make([]send.Recipient, len(list))
	for i, u := range list {
		rs[i] = send.Recipient{UserID: u.ID, Label: u.Label, Region: u.Region, Events: u.Events, EventsKnown: u.EventsKnown}
	}
	return p, rs, nil
}

// sendGroupStatus is a row's outcome in a few words.
func sendGroupStatus(r *send.GroupRow) string {
	resp := r.Outcome.Response
	switch {
	case resp != nil && resp.Status != 0:
		return fmt.Sprintf("%d %s", resp.Status, sendStatusText(resp.Status))
	case r.Err != nil:
		var rej *send.RejectedError
		if errors.As(r.Err, &rej) {
			return "not sent (validation errors)"
		}
		return "failed: " + r.Err.Error()
	}
	return "no answer"
}

// sendPrintGroup prints the per-user table, each row's notes, what the
// sandbox users heard, and the "was it heard?" checklist once.
func sendPrintGroup(w io.Writer, g *send.GroupPlan) {
	fmt.Fprintf(w, "group %s: %d users, target %s standing for %s\n", g.GroupID, len(g.Rows), g.Target.String(), g.Region)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "USER\tREGION\tSENT TO\tSTATUS\tREFERENCE ID\tRECORD")
	for _, r := range g.Rows {
		to := r.Plan.Target.Name
		if r.Outcome.Target.BaseURL != "" && r.Outcome.Target.IsSandbox() {
			to = alexa.SandboxName
		}
		region := r.Region
		if r.Routed {
			region += " (routed)"
		}
		rec := "-"
		if r.Outcome.RecordID != 0 {
			rec = fmt.Sprint(r.Outcome.RecordID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", termtext.Clean(r.Recipient.Name()), region, termtext.Clean(to),
			termtext.Clean(sendGroupStatus(r)), termtext.Clean(r.Plan.Request.String("referenceId")), rec)
	}
	_ = tw.Flush()
	var accepted *send.GroupRow
	for _, r := range g.Rows {
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s: %s\n", termtext.Clean(r.Recipient.Name()), termtext.Clean(n))
		}
		if resp := r.Outcome.Response; resp != nil && !resp.OK() && resp.Explanation != "" {
			fmt.Fprintf(w, "  %s: %s\n", termtext.Clean(r.Recipient.Name()), termtext.Clean(resp.Explanation))
		}
		if r.Outcome.RecordErr != nil {
			fmt.Fprintf(w, "  %s: not recorded: %s\n", termtext.Clean(r.Recipient.Name()), termtext.Clean(r.Outcome.RecordErr.Error()))
		}
		for _, n := range r.Outcome.Heard {
			fmt.Fprintf(w, "  heard by %s (%s): \"%s\"\n", termtext.Clean(n.UserID), termtext.Clean(n.Locale), termtext.Clean(n.Text))
		}
		if accepted == nil && r.Outcome.Response.OK() {
			accepted = r
		}
	}
	if accepted != nil {
		sendPrintChecklist(w, accepted.Silence())
	}
}

// sendGroupRowJSON is one row of --json output.
type sendGroupRowJSON struct {
	UserID      string   `json:"userId"`
	Label       string   `json:"label,omitempty"`
	Region      string   `json:"region"`
	Routed      bool     `json:"routed"`
	Target      string   `json:"target"`
	ReferenceID string   `json:"referenceId"`
	Status      int      `json:"status"`
	Explanation string   `json:"explanation,omitempty"`
	RecordID    int64    `json:"recordId,omitempty"`
	Error       string   `json:"error,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

func sendGroupJSON(g *send.GroupPlan) map[string]any {
	rows := make([]sendGroupRowJSON, 0, len(g.Rows))
	for _, r := range g.Rows {
		j := sendGroupRowJSON{UserID: r.Recipient.UserID, Label: r.Recipient.Label, Region: r.Region, Routed: r.Routed,
			Target: r.Plan.Target.Name, ReferenceID: r.Plan.Request.String("referenceId"), RecordID: r.Outcome.RecordID, Notes: r.Notes}
		if resp := r.Outcome.Response; resp != nil {
			j.Status, j.Explanation = resp.Status, resp.Explanation
		}
		if r.Err != nil {
			j.Error = r.Err.Error()
		}
		rows = append(rows, j)
	}
	return map[string]any{"groupId": g.GroupID, "target": g.Target.Name, "region": g.Region, "rows": rows}
}

// sendGroupExit: 3 when any row had no answer, else 2 when a row was not
// recorded, else 1 when any was refused, else 0.
func sendGroupExit(g *send.GroupPlan) error {
	code, msg := exitOK, ""
	worse := func(c int, m string) {
		rank := map[int]int{exitOK: 0, exitRejected: 1, exitUsage: 2, exitNetwork: 3}
		if rank[c] > rank[code] {
			code, msg = c, m
		}
	}
	for _, r := range g.Rows {
		resp := r.Outcome.Response
		var rej *send.RejectedError
		var ce *send.CredentialsError
		switch {
		case errors.As(r.Err, &rej):
			worse(exitRejected, "")
		case errors.As(r.Err, &ce):
			worse(exitUsage, ce.Error())
		case resp == nil || resp.Status == 0:
			worse(exitNetwork, "a send got no answer")
		case r.Outcome.RecordErr != nil:
			worse(exitUsage, r.Outcome.RecordErr.Error())
		case !resp.OK():
			worse(exitRejected, "")
		}
	}
	if code == exitOK {
		return nil
	}
	return exitWith(code, msg)
}

// sendGroupBody reads the event argument (a file, - or @NAME) with its
// placeholders expanded once for the group, and the target.
func sendGroupBody(cmd *cobra.Command, g *globalFlags, o *sendOptions, sa *sendArgs, arg string) ([]byte, alexa.Target, error) {
	a, err := eventArgRead(cmd, g, &sa.ev, arg, o.profile)
	if err != nil {
		return nil, alexa.Target{}, err
	}
	sendLibraryDefaults(cmd, o, a)
	body, tfs := a.expand("")
	if len(tfs) > 0 {
		return nil, alexa.Target{}, eventArgRefuse(a, "sent", tfs)
	}
	target, err := sendParseTarget(cmd, o, o.target)
	if err != nil {
		return nil, target, exitWith(exitUsage, err.Error())
	}
	target, err = sendApplyAuthURL(o, target)
	return body, target, err
}

// sendPrintChecklist prints why an accepted event may still not be heard.
func sendPrintChecklist(w io.Writer, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintln(w, "Why a device might still stay silent:")
	for _, it := range items {
		fmt.Fprintf(w, "  - %s\n", termtext.Clean(it))
	}
}
