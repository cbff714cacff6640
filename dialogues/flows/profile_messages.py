"""Every word of the missing profile: the chat flow, its reminders and the grab pack's labels."""

from __future__ import annotations

from storage.profiles import ProfileField

# What each part is called, and how it is asked (with an example, so an answer comes easily).
LABELS: dict[ProfileField, str] = {
    ProfileField.DESCRIPTION: "Description",
    ProfileField.FEATURES: "Distinguishing features",
    ProfileField.CONTACTS: "Phone numbers and social media",
    ProfileField.ASSOCIATES: "Friends and associates",
    ProfileField.PLACES: "Places they go",
    ProfileField.HEALTH: "Health needs and medication",
    ProfileField.WHAT_WORKED: "What has worked to bring them home",
}
QUESTIONS: dict[ProfileField, str] = {
    ProfileField.DESCRIPTION: (
        "Describe {child} as the police would need to spot them: height, build, hair, skin, "
        'eyes, how they dress. For example "5ft 6, slim, short dark curly hair, brown eyes, '
        'usually a black North Face jacket".'
    ),
    ProfileField.FEATURES: (
        "Any distinguishing features? Scars, tattoos, piercings, birthmarks, glasses, braces, "
        'an accent. Say "none" if there are none.'
    ),
    ProfileField.CONTACTS: (
        "{child}'s phone number(s) and social media (Snapchat, Instagram, TikTok names...)."
    ),
    ProfileField.ASSOCIATES: (
        "Friends and associates: names, how you know them, where they live if you know. "
        "Include anyone you are worried about."
    ),
    ProfileField.PLACES: (
        "Places {child} goes: addresses, family, parks, shops, stations, hotspots."
    ),
    ProfileField.HEALTH: (
        'Health needs and medication, e.g. "asthma, blue inhaler", "ADHD, methylphenidate '
        'mornings". Say "none" if there are none.'
    ),
    ProfileField.WHAT_WORKED: (
        "What has worked before to bring {child} home? Someone they answer, a message, "
        "a place to collect them..."
    ),
}
NONE_KNOWN = "None known"

# -- the chat flow ----------------------------------------------------------------------------
WHICH_CHILD = "Whose missing profile?"
NO_CHILDREN = "I can't find a child whose missing profile you can see."
NOT_YOURS = "Sorry, you can't see that child's missing profile."
SUMMARY_HEAD = "{child}'s missing profile"
SUMMARY_VERSION = "Last changed {when} by {who} (version {version})."
SUMMARY_NEVER = "No profile recorded yet; below is what the child's record already holds."
SUMMARY_PHOTO = "Photo: taken {taken}, added {added} by {who}."
SUMMARY_NO_PHOTO = "Photo: none yet."
NOT_RECORDED = "not recorded"
MENU = "What would you like to do?"
BUTTON_WALK = "Go through it all"
BUTTON_PHOTO = "Add a photo"
BUTTON_PDF = "Grab pack (PDF)"
BUTTON_SEE_PHOTO = "See the photo"
BUTTON_HISTORY = "Who changed what"
BUTTON_SAME = "All still right"
BUTTON_FINISHED = "Finished"
BUTTON_KEEP = "Keep as it is"
BUTTON_NONE = "None"
BUTTON_SKIP = "Skip"
BUTTON_TODAY = "Today"
BUTTON_THIS_MONTH = "In the last month"
BUTTON_UPDATE = "Update the profile"
BUTTON_NEW_PHOTO = "Send a photo"
BUTTON_NOTHING_NEW = "Nothing new"
FIELD_NOW = "Now: {value}"
FIELD_EMPTY = "Nothing recorded yet."
FIELD_HINT = "Type the new answer, or keep it as it is."
SAVED = "Saved: {label}."
KEPT = "Kept as it was: {label}."
SAME_AS_BEFORE = "That's what the profile already says, so nothing changed: {label}."
JUNK = (
    'Sorry, I couldn\'t use that as the {label}. Type it in a few words, or press "Keep as it is".'
)
TOO_LONG = "That's longer than I can keep ({limit} characters). Could you shorten it?"
PHOTO_ASK = (
    "Send a recent photo of {child} now: a clear, recent likeness of their face (the police "
    "may show it to officers). Or skip it."
)
PHOTO_WAITING = "I'm waiting for a photo of {child}: send it as a picture, or skip."
PHOTO_WHEN = "When was this photo of {child} taken?"
PHOTO_WHEN_HINT = 'For example "today", "last week", "in June" or "12/05/2026".'
PHOTO_WHEN_JUNK = "Sorry, I couldn't read that as a date in the past. " + PHOTO_WHEN_HINT
PHOTO_SAVED = (
    "Photo saved for {child} (taken {taken}). Only people allowed to see {child}'s record "
    "can see it."
)
PHOTO_OLD = "That photo is more than {interval} old: a newer one would help the police."
PHOTO_UNREADABLE = "Sorry, I couldn't use that photo: {reason}. Please try another one."
PHOTO_WHOSE = "Thanks. Whose photo is this, for their missing profile?"
PHOTO_CONFIRM = "Thanks. Is this a photo of {child}, for their missing profile?"
PHOTO_NOBODY = "I can't find a child whose profile you can add a photo to, so I haven't kept it."
PHOTO_DISCARDED = "OK, I haven't kept that photo."
PHOTO_GONE = "That photo is no longer waiting (it was already used or discarded)."
BUTTON_NOT_THEM = "None of them / don't keep it"
BUTTON_YES_THEM = "Yes"
BUTTON_NO_THEM = "No, don't keep it"
CONFIRMED = "Thanks: recorded that {child}'s profile was checked and is still right."
ALL_DONE = "That's the profile done. {child}'s profile is now version {version}."
FINISHED = "OK. The profile is kept for {child} and follows them if they move."
PHOTO_HERE = "{child}'s photo on file (taken {taken}). Don't forward it."
NO_PHOTO_TO_SEE = "There is no photo of {child} on file yet."
HISTORY_HEAD = "Changes to {child}'s missing profile (latest last):"
HISTORY_LINE = "v{version}, {when}, {who}: {what}"
HISTORY_CHECKED = "checked, still right"
HISTORY_NONE = "Nobody has changed {child}'s missing profile in Homeward yet."
CHANGED = {**{f.value: label.lower() for f, label in LABELS.items()}, "photo": "photo"}
WHY = (
    "The police ask for a description, a recent photo, friends, places and health needs at "
    "once when a child goes missing ({sources}). Preparing them now means nobody has to "
    "remember them at 3am."
)
WHY_SOURCES = (
    "staffordshire §8.6 and §16.3 (Philomena Protocol), children's home §6.4, essex §2.5.2"
)
PDF_READY = (
    "Here is {child}'s grab pack (version {version}): hand it to the police if {child} goes "
    "missing. It holds personal details: don't forward it."
)
PDF_FAILED = "Sorry, I couldn't make the grab pack just now. Please try again in a minute."
AFTER_RETURN_OFFER = (
    "Anything new we should add to {child}'s missing profile? New friends, places, a phone "
    "number, what helped bring them home: say \"update {name}'s profile\" when you're ready."
)

# Buttons that start the profile from anywhere (reminders, the end of the return flow).
UPDATE_PAYLOAD = "profile:update:{child}"
SAME_PAYLOAD = "profile:same:{child}"
PHOTO_PAYLOAD = "profile:photo:{child}"
PDF_PAYLOAD = "profile:pdf:{child}"

# -- reminders to keep it current -----------------------------------------------------------
REMIND_NO_PROFILE = (
    "{child} has no missing profile yet. If {child} ever goes missing the police will ask "
    "for a description, friends, places and health needs at once: it takes a few minutes now."
)
REMIND_PROFILE_OLD = (
    "{child}'s missing profile was last checked on {when}, more than {interval} ago. "
    "Is it still right?"
)
REMIND_NO_PHOTO = "There is no photo of {child} on file. The police ask for a recent one."
REMIND_PHOTO_OLD = (
    "{child}'s photo on file is from {when}, more than {interval} ago. Please send a new one."
)
REMIND_AFTER_RETURN = (
    "{child} is back (episode {number}). Anything new we should add to the missing profile? "
    "New friends, places, a phone number, what helped bring them home."
)

# -- the grab pack --------------------------------------------------------------------------
PDF_TITLE = "MISSING CHILD - GRAB PACK"
PDF_SUBTITLE = "For the police. Confidential: personal data about a child. Do not copy or post."
PDF_MADE = "Made {when} from Homeward (profile version {version})."
PDF_NAME = "Name"
PDF_KNOWN_AS = "Known as"
PDF_DOB = "Date of birth"
PDF_AGE = "{years} years old"
PDF_STATUS = "Legal status"
PDF_AUTHORITY = "Responsible authority"
PDF_PHOTO_DATE = "Photo taken {taken} (added {added})"
PDF_NO_PHOTO = "No photo on file"
PDF_CLOTHING = "Clothing when last seen"
PDF_CLOTHING_BLANK = "(write in what they were wearing, bags, phone)"
PDF_PREVIOUS = "Previous episodes (our records)"
PDF_NO_PREVIOUS = "None recorded"
PDF_EPISODE = "{number}. {start}: {outcome}"
PDF_EPISODE_OPEN = "missing now"
PDF_EPISODE_BACK = "back {end} ({hours}){how}"
PDF_OTHER = "Also asked by the police"
PDF_RELIGION = "Religion"
PDF_ORIENTATION = "Sexual orientation"
PDF_CARER = "Carer"
PDF_SOCIAL_WORKER = "Social worker"
PDF_PHONE_BLANK = "phone: ______________"
PDF_LAST_CHECKED = "Profile last changed or checked {when}{who}."
PDF_NEVER_CHECKED = "Nobody has recorded or checked this profile in Homeward yet."
PDF_PAGE = "Page {page} of {pages}"
