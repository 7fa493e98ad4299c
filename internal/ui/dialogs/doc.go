// Package dialogs holds pe-tui's modal dialogs. Each is built with New…,
// updated with Update(tea.Msg) (T, tea.Cmd), drawn with View() string (with
// Frame, the one dialog frame) and sized with SetSize(w, h); as a pointer
// each is a Dialog, the interface the root's dialog stack holds. None
// implements tea.Model; the root model (internal/ui) owns them and decides
// what their messages mean.
//
//   - Confirm: a yes/no question, e.g. "2 errors in the draft. Send anyway?"
//     (NewSendAnyway). Answers with ConfirmedMsg.
//   - TypedConfirm: type a word exactly (the event or profile name) to
//     confirm a live send (NewLiveConfirm). Answers with ConfirmedMsg.
//   - TargetPicker: sandbox, the six Amazon region × stage targets and a
//     custom base URL. Answers with TargetChosenMsg; TargetLabel names a
//     target for the status line.
//   - Credential: a new or edited profile (name, client id, masked secret,
//     region, stage), saved to the OS keyring and the config file in a
//     command. Answers with ProfileSavedMsg, or stays open with the error.
//   - ProfilePicker: the profiles with their client id and whether the
//     keyring holds their secret; switch (ProfileChosenMsg), add or edit
//     (OpenMsg with a Credential for the root to push on top of it),
//     remove (ProfileRemovedMsg).
//
// Every dialog answers esc with CloseMsg (Confirm and TypedConfirm with
// ConfirmedMsg{Yes: false}).
//
// Routing, for the root: give the top dialog every key (except the root's
// force-quit). Give every open dialog every non-key message too, after the
// root's own handling: the keyring and config commands answer with messages (some
// unexported) that only the dialog understands, and spinner ticks drive its
// "Saving…" line. Keyring and file I/O happen only in the returned commands,
// never in Update or View.
package dialogs
