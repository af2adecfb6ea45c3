// After a passkey is registered, go to the page named by data-after-register (the security page
// or the page the user wanted), so the new factor shows and the verified session is used.
document.addEventListener("otp_webauthn.register_complete", () => {
  const holder = document.querySelector("[data-after-register]");
  if (holder) {
    window.location.assign(holder.dataset.afterRegister);
  }
});
