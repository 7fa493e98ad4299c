package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/users"
)

func init() { register(newUsersCmd) }

// usersOptions are the flags of the users subcommands.
type usersOptions struct {
	profile        string
	label          string
	region, locale string
	all            bool
	pick           string
	listen         string
	allowHosts     []string
	dryRun         bool
	asJSON         bool
}

func newUsersCmd(g *globalFlags) *cobra.Command {
	o := &usersOptions{}
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Saved Unicast users: list, add, remove, and catch them from skill requests",
		Long: `A saved user is a Unicast target of a profile: the skill-scoped user id
(context.System.user.userId, amzn1.ask.account.…), a label, and when known
the user's region (NA, EU, FE — a Unicast event reaches a user only through
the endpoint of the region the account lives in), locale and the events the
user is subscribed to.

The easiest way to get a user id is 'pe-tui users catch': paste (or pipe)
any skill request, a CloudWatch / Lambda log line that contains one, or an
AlexaSkillEvent.ProactiveSubscriptionChanged event. The id changes every
time the skill is re-enabled: catch it again then.

Users belong to the profile given with --profile, else the default profile.
'pe-tui profile users' is the older spelling of these commands.

Exit codes: 0 success, 2 bad usage, bad input or a file error.`,
		Example: `  pe-tui users list
  pe-tui users add amzn1.ask.account.AAAA --label kitchen --region EU --locale de-DE
  pe-tui users rm kitchen
  pbpaste | pe-tui users catch --label kitchen
  pe-tui users catch request.json --profile weather
  pe-tui users catch --listen 127.0.0.1:8788`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&o.profile, "profile", "", "the profile whose users these are (default: the default profile)")
	cmd.AddCommand(usersListCmd(g, o), usersAddCmd(g, o), usersRemoveCmd(g, o), usersCatchCmd(g, o))
	return cmd
}

// usersProfileName is --profile, else the default profile's name.
func usersProfileName(g *globalFlags, o *usersOptions) (string, error) {
	if o.profile != "" {
		return o.profile, nil
	}
	cfg, err := profileLoad(g)
	if err != nil {
		return "", err
	}
	p, ok := cfg.Default()
	if !ok {
		return "", exitWith(exitUsage, "no profile given and no default profile: pass --profile NAME, or make one the default with 'pe-tui profile use NAME'")
	}
	return p.Name, nil
}

// usersProfile reads the profile whose users a command works on.
func usersProfile(g *globalFlags, o *usersOptions) (credentials.Profile, error) {
	name, err := usersProfileName(g, o)
	if err != nil {
		return credentials.Profile{}, err
	}
	cfg, err := profileLoad(g)
	if err != nil {
		return credentials.Profile{}, err
	}
	p, err := cfg.Get(name)
	if err != nil {
		return credentials.Profile{}, profileFail(err)
	}
	return p, nil
}

func usersListCmd(g *globalFlags, o *usersOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List a profile's saved users with their region, locale and events",
		Example: `  pe-tui users list
  pe-tui users list --profile weather --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := usersProfile(g, o)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if o.asJSON {
				list := p.Users
				if list == nil {
					list = []credentials.User{}
				}
				sendPrintJSON(out, map[string]any{"profile": p.Name, "skillId": p.SkillID, "users": list})
				return nil
			}
			if len(p.Users) == 0 {
				fmt.Fprintf(out, "Profile %q has no saved users. Catch one with: pe-tui users catch --profile %s < request.json\n", p.Name, p.Name)
				return nil
			}
			usersTable(out, p.Users)
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print the users as JSON")
	return cmd
}

// usersTable prints users as a table; every field is neutralised.
func usersTable(w io.Writer, list []credentials.User) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tREGION\tLOCALE\tEVENTS\tUSER ID")
	for _, u := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", dash(termtext.Clean(u.Label)), dash(u.Region), dash(termtext.Clean(u.Locale)), usersEvents(u.Events, u.EventsKnown), termtext.Clean(u.ID))
	}
	_ = tw.Flush()
}

// usersEvents says what a user is subscribed to, in short.
func usersEvents(events []string, known bool) string {
	if !known {
		return "?"
	}
	if len(events) == 0 {
		return "none"
	}
	short := make([]string, len(events))
	for i, e := range events {
		short[i] = termtext.Clean(strings.TrimPrefix(e, "AMAZON."))
	}
	return strings.Join(short, ",")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func usersAddCmd(g *globalFlags, o *usersOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add USERID [--label L] [--region NA|EU|FE] [--locale LL-CC]",
		Short: "Save a user id (or update the saved one's label, region and locale)",
		Example: `  pe-tui users add amzn1.ask.account.AAAA --label kitchen --region EU --locale de-DE
  pe-tui users add amzn1.ask.account.BBBB --profile weather`,
		Args: exactlyOneArg("user id (amzn1.ask.account.…)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := usersProfileName(g, o)
			if err != nil {
				return err
			}
			id := args[0]
			if err := users.CheckUserID(id); err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "pe-tui: warning: %s; Amazon will not accept it (a sandbox configured with this id will)\n", err)
			}
			u := credentials.User{ID: id, Label: o.label, Region: o.region, Locale: o.locale}
			_, added, err := credentials.PutProfileUser(g.configDir, name, u, nil)
			if err != nil {
				return profileFail(err)
			}
			verb := "Updated"
			if added {
				verb = "Saved"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s user %s in profile %q.\n", verb, termtext.Clean(id), name)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.label, "label", "", "a label for the user, e.g. kitchen")
	cmd.Flags().StringVar(&o.region, "region", "", "the user's region: NA, EU or FE")
	cmd.Flags().StringVar(&o.locale, "locale", "", "the user's locale, e.g. de-DE")
	return cmd
}

func usersRemoveCmd(g *globalFlags, o *usersOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "rm USERID|LABEL",
		Aliases: []string{"remove"},
		Short:   "Forget a saved user, by id or by label",
		Example: `  pe-tui users rm kitchen
  pe-tui users rm amzn1.ask.account.AAAA --profile weather`,
		Args: exactlyOneArg("user id or label"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := usersProfile(g, o)
			if err != nil {
				return err
			}
			name := p.Name
			list, err := users.Select(p.Users, []string{args[0]})
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			if err := credentials.RemoveProfileUser(g.configDir, name, list[0].ID); err != nil {
				return profileFail(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed user %s from profile %q.\n", termtext.Clean(list[0].ID), name)
			return nil
		},
	}
}

// usersListenContext is the context --listen runs under; tests replace it.
var usersListenContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), sendSignals...)
}

// usersListenReady is told the receiver's URL once it listens; tests set it.
var usersListenReady func(url string)

func usersCatchCmd(g *globalFlags, o *usersOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catch [FILE|-]",
		Short: "Find the user in a skill request, log line or subscription event, and save it",
		Long: `catch reads what you already have and saves the user it finds:
  - a skill request JSON (LaunchRequest, IntentRequest, any type), e.g. the
    JSON input of the developer console's test tab;
  - a CloudWatch / Lambda log line containing one (console.log of the
    request envelope), also CloudWatch's JSON log format;
  - an AlexaSkillEvent.ProactiveSubscriptionChanged event (spec §11): it
    also gives the events the user is subscribed to now.
FILE "-" or no FILE reads standard input (at most 1 MiB).

It takes the user id, the region from context.System.apiEndpoint
(api.amazonalexa.com NA, api.eu.amazonalexa.com EU, api.fe.amazonalexa.com
FE), the locale and the skill id. When the profile records a skill id
('pe-tui profile add --skill-id'), a user of another skill is refused.
A user already saved is updated (its label kept unless --label is given).

When the text holds several users, they are listed and none is saved:
pass --all, or --pick USERID.

--listen 127.0.0.1:PORT runs a small receiver on loopback that a tunnelled
skill endpoint or a test can POST requests to; it saves every user it sees
until ctrl+c. It checks NO request signatures, which is why it listens on
loopback only and refuses other peers, bodies over 1 MiB, slow clients,
anything but Content-Type application/json, and a Host header that is not
loopback (a tunnel that forwards its public name needs --allow-host NAME,
or ngrok's --host-header=rewrite).`,
		Example: `  pbpaste | pe-tui users catch --label kitchen
  pe-tui users catch cloudwatch-line.txt --profile weather
  pe-tui users catch events.log --all
  pe-tui users catch --listen 127.0.0.1:8788`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return exitWith(exitUsage, "give at most one FILE (or - for standard input)\nRun '"+cmd.CommandPath()+" --help' for usage.")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := usersProfileName(g, o)
			if err != nil {
				return err
			}
			if o.listen != "" {
				if len(args) > 0 || o.all || o.pick != "" || o.label != "" || o.dryRun {
					return exitWith(exitUsage, "--listen takes no FILE, --all, --pick, --label or --dry-run: every user posted is saved")
				}
				if _, err := usersProfile(g, o); err != nil {
					return err
				}
				return usersListen(cmd, g, name, o.listen, o.allowHosts)
			}
			file := "-"
			if len(args) == 1 {
				file = args[0]
			}
			return usersCatchFile(cmd, g, o, name, file)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.label, "label", "", "label for the user saved")
	f.BoolVar(&o.all, "all", false, "save every user found when there are several")
	f.StringVar(&o.pick, "pick", "", "save only this user id when there are several")
	f.StringVar(&o.listen, "listen", "", "run a loopback receiver at `ADDR` (127.0.0.1:PORT) and save every user posted to it")
	f.StringSliceVar(&o.allowHosts, "allow-host", nil, "with --listen: also accept requests whose Host is this `NAME` (a tunnel's public name)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what was found; save nothing")
	f.BoolVar(&o.asJSON, "json", false, "print what was found as JSON")
	cmd.MarkFlagsMutuallyExclusive("all", "pick")
	return cmd
}

func usersCatchFile(cmd *cobra.Command, g *globalFlags, o *usersOptions, profile, file string) error {
	if file == "-" && sendStdinIsTerminal(cmd.InOrStdin()) {
		fmt.Fprintln(cmd.ErrOrStderr(), "Paste the skill request or log line, then press ctrl+d:")
	}
	// The one reader of named files and standard input (regular files only,
	// size-capped); Catch refuses more than users.MaxInput.
	text, err := validateReadFile(cmd, file)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	found, err := users.Catch(text)
	if err != nil {
		return exitWith(exitUsage, termtext.Clean(err.Error()))
	}
	out := cmd.OutOrStdout()
	chosen := found
	switch {
	case o.pick != "":
		i := slices.IndexFunc(found, func(c users.Caught) bool { return c.UserID == o.pick })
		if i < 0 {
			usersPrintCaught(out, found)
			return exitWith(exitUsage, fmt.Sprintf("--pick %s is not one of the %d users found; nothing was saved", termtext.Clean(o.pick), len(found)))
		}
		chosen = found[i : i+1]
	case len(found) > 1 && !o.all && !o.dryRun:
		usersPrintCaught(out, found)
		return exitWith(exitUsage, fmt.Sprintf("the text holds %d users; nothing was saved: pass --all to save them all, or --pick USERID to save one", len(found)))
	}
	if o.label != "" && len(chosen) > 1 {
		return exitWith(exitUsage, "--label names one user, but several would be saved; use --pick USERID with --label")
	}
	if o.asJSON {
		sendPrintJSON(out, map[string]any{"profile": profile, "saved": !o.dryRun, "users": chosen})
	} else {
		usersPrintCaught(out, chosen)
	}
	if o.dryRun {
		return nil
	}
	for _, c := range chosen {
		if _, added, err := users.Save(g.configDir, profile, c, o.label); err != nil {
			return exitWith(exitUsage, termtext.Clean(err.Error())+"; nothing was saved for this user")
		} else if !o.asJSON {
			fmt.Fprintf(out, "%s user %s in profile %q.\n", map[bool]string{true: "Saved", false: "Updated"}[added], termtext.Clean(c.UserID), profile)
		}
	}
	return nil
}

// usersPrintCaught describes the users found, one block each.
func usersPrintCaught(w io.Writer, found []users.Caught) {
	for _, c := range found {
		fmt.Fprintf(w, "user:     %s\n", termtext.Clean(c.UserID))
		switch {
		case c.Region != "":
			fmt.Fprintf(w, "region:   %s (%s)\n", c.Region, termtext.Clean(c.APIEndpoint))
		case c.APIEndpoint != "":
			fmt.Fprintf(w, "region:   unknown (%s is not one of Amazon's API hosts; a sandbox?)\n", termtext.Clean(c.APIEndpoint))
		default:
			fmt.Fprintln(w, "region:   unknown (the request has no context.System.apiEndpoint)")
		}
		if c.Locale != "" {
			fmt.Fprintf(w, "locale:   %s\n", termtext.Clean(c.Locale))
		}
		if c.SkillID != "" {
			fmt.Fprintf(w, "skill:    %s\n", termtext.Clean(c.SkillID))
		}
		if c.RequestType != "" {
			fmt.Fprintf(w, "from:     %s %s\n", termtext.Clean(c.RequestType), termtext.Clean(c.Timestamp))
		}
		if c.EventsKnown {
			fmt.Fprintf(w, "events:   %s\n", usersEvents(c.Events, true))
		}
	}
}

// usersListen runs the loopback receiver until interrupted, saving every
// user posted to it.
func usersListen(cmd *cobra.Command, g *globalFlags, profile, addr string, allowHosts []string) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var mu sync.Mutex // one block of output at a time
	r := &users.Receiver{
		AllowHosts: allowHosts,
		OnUser: func(c users.Caught) error {
			_, added, err := users.Save(g.configDir, profile, c, "")
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				fmt.Fprintf(errOut, "not saved: %s\n", termtext.Clean(err.Error()))
				return err
			}
			usersPrintCaught(out, []users.Caught{c})
			fmt.Fprintf(out, "%s user %s in profile %q.\n\n", map[bool]string{true: "Saved", false: "Updated"}[added], termtext.Clean(c.UserID), profile)
			return nil
		},
		OnReject: func(peer string, err error) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(errOut, "refused a post from %s: %s\n", termtext.Clean(peer), termtext.Clean(err.Error()))
		},
	}
	url, err := r.Start(addr)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	defer r.Close()
	ctx, stop := usersListenContext()
	defer stop()
	mu.Lock()
	fmt.Fprintf(out, "Listening on %s for skill requests (loopback only; request signatures are NOT checked).\nPoint your tunnel or test at it; every user posted is saved in profile %q. Press ctrl+c to stop.\n\n", url, profile)
	mu.Unlock()
	if usersListenReady != nil {
		usersListenReady(url)
	}
	<-ctx.Done()
	return nil
}
